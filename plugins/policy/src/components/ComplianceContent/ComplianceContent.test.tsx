import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import { policyApiRef } from '../../api';
import {
  inputError,
  mockPolicyApi,
  paymentsCompliance,
} from '../../__testUtils__/verdicts';
import { ComplianceContent } from './ComplianceContent';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-gateway', namespace: 'default' },
  spec: { type: 'service', owner: 'group:default/payments' },
};

function render(api: ReturnType<typeof mockPolicyApi>) {
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <ComplianceContent />
    </EntityProvider>,
    {
      apis: [[policyApiRef, api]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

describe('ComplianceContent', () => {
  it('shows the verdict per environment', async () => {
    const api = mockPolicyApi();
    api.compliance.mockResolvedValue(paymentsCompliance);
    render(api);

    const table = await screen.findByRole('table', {
      name: 'Compliance by environment',
    });
    expect(api.compliance).toHaveBeenCalledWith(
      'component:default/payments-gateway',
    );
    const row = (environment: string) =>
      within(table)
        .getByRole('rowheader', { name: environment })
        .closest('tr')!;

    const prod = row('prod');
    expect(within(prod).getByText('Allowed')).toBeInTheDocument();
    expect(within(prod).getByRole('link')).toHaveAttribute(
      'href',
      '/catalog/default/resource/payments-db',
    );

    const staging = row('staging');
    expect(within(staging).getByText('Denied')).toBeInTheDocument();
    expect(
      within(staging).getByText(/run only in the EU regions/),
    ).toBeInTheDocument();
    expect(
      within(staging).getByText('nonprod-approved-regions'),
    ).toBeInTheDocument();

    const qa = row('qa');
    expect(within(qa).getByText('Not judged')).toBeInTheDocument();
    expect(
      within(qa).getByText('environments.0: unknown environment "qa"'),
    ).toBeInTheDocument();

    const service = screen
      .getByRole('heading', { name: 'Service' })
      .closest('.MuiCard-root') as HTMLElement;
    expect(within(service).getByText('Allowed')).toBeInTheDocument();
    expect(screen.getByText(/^Evaluated at/)).toBeInTheDocument();
    expect(
      screen.getByText(new Date('2025-03-14T09:26:53.000Z').toLocaleString()),
    ).toHaveAttribute('datetime', '2025-03-14T09:26:53.000Z');
  });

  it('explains how to register infrastructure when there is none', async () => {
    const api = mockPolicyApi();
    api.compliance.mockResolvedValue({
      ...paymentsCompliance,
      environments: [],
    });
    render(api);

    expect(await screen.findByText(/No infrastructure with/)).toHaveTextContent(
      'No infrastructure with pave.dev/environment annotations is registered for this component',
    );
    expect(screen.getByText(/golden template/)).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it("shows the server's error", async () => {
    const api = mockPolicyApi();
    api.compliance.mockRejectedValue(
      await inputError(
        'component:default/payments-gateway is not in the catalog',
      ),
    );
    render(api);
    expect(
      await screen.findByText(/is not in the catalog/),
    ).toBeInTheDocument();
  });
});
