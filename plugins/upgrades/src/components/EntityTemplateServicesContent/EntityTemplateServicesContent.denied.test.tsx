import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { act, screen, waitFor } from '@testing-library/react';
import {
  goServiceTemplate,
  goServices,
  mockUpgradesApi,
} from '../../__testUtils__/fixtures';
import { upgradesApiRef } from '../../api';
import { EntityTemplateServicesContent } from './EntityTemplateServicesContent';

jest.setTimeout(20_000);

// A file of its own: the permission hook caches the bulk decision (it has
// no resource to tell renders apart) for every test in a file.
describe('EntityTemplateServicesContent for those who may not bulk upgrade', () => {
  it('shows the services per version without the bulk upgrade', async () => {
    const api = mockUpgradesApi();
    api.getTemplateServices.mockResolvedValue(goServices);
    const authorize = jest
      .fn()
      .mockResolvedValue({ result: AuthorizeResult.DENY });
    renderInTestApp(
      <EntityProvider entity={goServiceTemplate}>
        <EntityTemplateServicesContent />
      </EntityProvider>,
      {
        apis: [
          [upgradesApiRef, api],
          [permissionApiRef, { authorize }],
        ],
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );
    expect(
      await screen.findByRole('region', { name: 'Version 1.2.0' }),
    ).toHaveTextContent('Ledger');
    // The decision arrives after the services: wait for it before looking.
    await waitFor(() =>
      expect(authorize).toHaveBeenCalledWith(
        expect.objectContaining({
          permission: expect.objectContaining({ name: 'pave.upgrade.bulk' }),
        }),
      ),
    );
    await act(async () => {});
    expect(screen.queryByRole('button', { name: /^Upgrade / })).toBeNull();
    expect(api.startBulkUpgrade).not.toHaveBeenCalled();
  });
});
