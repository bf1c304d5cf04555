import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  finishedRun,
  goServiceTemplate,
  goServices,
  mockUpgradesApi,
  responseError,
  startedRun,
} from '../../__testUtils__/fixtures';
import { upgradesApiRef } from '../../api';
import { EntityTemplateServicesContent } from './EntityTemplateServicesContent';

// Cards, bars, a table and a one-second poll; slow on a busy two-core CI.
jest.setTimeout(20_000);

// Every test here may run bulk upgrades: the permission hook caches the
// decision (it has no resource to tell them apart), so the denied case has
// a file of its own.
function render(api: ReturnType<typeof mockUpgradesApi>) {
  return renderInTestApp(
    <EntityProvider entity={goServiceTemplate}>
      <EntityTemplateServicesContent />
    </EntityProvider>,
    {
      apis: [
        [upgradesApiRef, api],
        mockApis.permission({ authorize: 'ALLOW' }),
      ],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

describe('EntityTemplateServicesContent', () => {
  it('groups the services by version, newest first, and draws their shares', async () => {
    const api = mockUpgradesApi();
    api.getTemplateServices.mockResolvedValue(goServices);
    render(api);
    expect(await screen.findByLabelText('Current version')).toHaveTextContent(
      'The template is at version 1.4.0; 2 services of 4 behind.',
    );
    expect(api.getTemplateServices).toHaveBeenCalledWith(
      'template:default/go-service',
    );
    const groups = screen.getAllByRole('region', { name: /^Version / });
    expect(groups.map(g => g.getAttribute('aria-label'))).toEqual([
      'Version 1.4.0',
      'Version 1.2.0',
      'Version unknown',
    ]);
    const behind = within(groups[1]);
    expect(behind.getByText('behind')).toBeInTheDocument();
    expect(behind.getByRole('link', { name: 'Ledger' })).toHaveAttribute(
      'href',
      '/catalog/default/component/ledger',
    );
    expect(behind.getByRole('link', { name: 'orders' })).toBeInTheDocument();
    expect(behind.getByRole('link', { name: 'payments' })).toBeInTheDocument();
    expect(behind.queryByRole('link', { name: 'billing' })).toBeNull();
    expect(within(groups[0]).getByText('current')).toBeInTheDocument();
    expect(within(groups[0]).queryByText('behind')).toBeNull();

    const bars = within(
      screen.getByRole('list', { name: 'Services per version' }),
    );
    expect(
      bars.getByRole('listitem', { name: '1.2.0: 2 services' }),
    ).toHaveTextContent('2 services · 50%');
    expect(
      bars.getByRole('progressbar', { name: '1.2.0 share' }),
    ).toHaveAttribute('aria-valuenow', '50');
    expect(
      bars.getByRole('progressbar', { name: '1.4.0 share' }),
    ).toHaveAttribute('aria-valuenow', '25');
  });

  it('starts a bulk upgrade and follows it to its report', async () => {
    const api = mockUpgradesApi();
    api.getTemplateServices.mockResolvedValue(goServices);
    api.startBulkUpgrade.mockResolvedValue(startedRun);
    api.getBulkUpgrade
      .mockResolvedValueOnce({
        ...startedRun,
        counts: { pending: 2, clean: 1, conflicted: 0, failed: 0 },
        items: [finishedRun.items[0], ...startedRun.items.slice(1)],
      })
      .mockResolvedValue(finishedRun);
    render(api);
    // Behind and unknown: the server's run takes both.
    const button = await screen.findByRole('button', {
      name: 'Upgrade 3 services to 1.4.0',
    });
    fireEvent.click(button);
    await waitFor(() =>
      expect(api.startBulkUpgrade).toHaveBeenCalledWith({
        template: 'template:default/go-service',
      }),
    );
    expect(await screen.findByLabelText('Done')).toHaveTextContent(
      '0 of 3 done',
    );
    expect(screen.getByLabelText('Counts')).toHaveTextContent(
      '0 clean · 0 conflicted · 0 failed · 3 pending',
    );
    expect(button).toBeDisabled();

    await waitFor(
      () =>
        expect(screen.getByLabelText('Done')).toHaveTextContent('1 of 3 done'),
      { timeout: 4000 },
    );
    await waitFor(
      () =>
        expect(screen.getByLabelText('Done')).toHaveTextContent('3 of 3 done'),
      { timeout: 4000 },
    );
    expect(api.getBulkUpgrade).toHaveBeenCalledWith('bulk-1');
    expect(screen.getByLabelText('Counts')).toHaveTextContent(
      '1 clean · 1 conflicted · 1 failed · 0 pending',
    );
    const report = screen.getByRole('table', { name: 'Report' });
    const legacy = within(report)
      .getByRole('link', { name: 'legacy' })
      .closest('tr')!;
    expect(legacy).toHaveTextContent(
      'failed—40component:default/legacy records no template in its repository',
    );
    const orders = within(report)
      .getByRole('link', { name: 'orders' })
      .closest('tr')!;
    expect(orders).toHaveTextContent('conflicteddeny2410');
    // Done: the runs are read again and the button is free.
    await waitFor(() => expect(button).toBeEnabled());
    expect(api.listBulkUpgrades.mock.calls.length).toBeGreaterThanOrEqual(2);
  });

  it("shows the server's refusal to start in its own words", async () => {
    const api = mockUpgradesApi();
    api.getTemplateServices.mockResolvedValue(goServices);
    const refusal =
      'template: template:default/go-service carries no pave.dev/template-version';
    api.startBulkUpgrade.mockRejectedValue(await responseError(400, refusal));
    render(api);
    fireEvent.click(
      await screen.findByRole('button', {
        name: 'Upgrade 3 services to 1.4.0',
      }),
    );
    expect(await screen.findByText(`Error: ${refusal}`)).toBeInTheDocument();
    expect(screen.queryByLabelText('Done')).toBeNull();
  });

  it("lists the template's recent runs and shows a chosen one's report", async () => {
    const api = mockUpgradesApi();
    api.getTemplateServices.mockResolvedValue(goServices);
    const { items: _, ...summary } = finishedRun;
    api.listBulkUpgrades.mockResolvedValue({
      items: [
        { ...summary, id: 'bulk-9', template: 'template:default/node-service' },
        summary,
      ],
    });
    api.getBulkUpgrade.mockResolvedValue(finishedRun);
    render(api);
    const list = await screen.findByRole('list', {
      name: 'Recent bulk upgrades',
    });
    const runs = within(list).getAllByRole('button');
    expect(runs).toHaveLength(1);
    expect(runs[0]).toHaveTextContent(
      'by user:default/platform.lead · 1 clean · 1 conflicted · 1 failed · 0 pending',
    );
    fireEvent.click(runs[0]);
    expect(await screen.findByLabelText('Done')).toHaveTextContent(
      '3 of 3 done',
    );
    expect(api.getBulkUpgrade).toHaveBeenCalledWith('bulk-1');
    expect(
      within(screen.getByRole('table', { name: 'Report' })).getAllByRole('row'),
    ).toHaveLength(4);
  });
});
