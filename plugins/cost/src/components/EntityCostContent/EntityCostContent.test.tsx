import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import { costApiRef } from '@pave/plugin-cost-react';
import {
  mockCostApi,
  ordersCost,
  responseError,
  unestimatedCost,
} from '@pave/plugin-cost-react/testUtils';
import { EntityCostContent } from './EntityCostContent';

// The tab is a whole page of cards, tables and a chart; its first render on
// a busy two-core CI machine can take longer than jest's default 5 s.
jest.setTimeout(20_000);

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'orders', namespace: 'default' },
  spec: { type: 'service', owner: 'group:default/payments' },
};

function render(api: ReturnType<typeof mockCostApi>) {
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <EntityCostContent />
    </EntityProvider>,
    {
      apis: [[costApiRef, api]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

const rowOf = (table: HTMLElement, name: string) =>
  within(table).getByRole('rowheader', { name }).closest('tr')!;

describe('EntityCostContent', () => {
  it('shows an incomplete estimate as a floor with its totals per environment', async () => {
    const api = mockCostApi();
    api.getEntityCost.mockResolvedValue(ordersCost);
    render(api);

    expect(await screen.findByLabelText('Monthly estimate')).toHaveTextContent(
      'at least $311.86',
    );
    expect(api.getEntityCost).toHaveBeenCalledWith('component:default/orders');
    expect(screen.getByText('Incomplete: 1 unpriced')).toBeInTheDocument();
    expect(screen.getByText('Includes unverified prices')).toBeInTheDocument();
    expect(
      screen.getByRole('note', { name: 'Includes unverified prices' }),
    ).toHaveTextContent(
      "Includes unverified prices: 1 of 4 priced items use a price nobody has checked against the vendor's price list yet",
    );
    expect(screen.getByText(/as of 2026-01-01/)).toHaveTextContent(
      /Catalog change: resource:default\/orders-db-prod/,
    );
    const unpriced = screen.getByLabelText('Unpriced items');
    expect(
      within(unpriced).getByText(
        'prod/aws_elasticache_replication_group.cache (cache.r7g.large): unpriced',
      ),
    ).toBeInTheDocument();
    expect(
      within(unpriced).getByText('no price for cache.r7g.large in eu-west-1'),
    ).toBeInTheDocument();

    const totals = screen.getByLabelText('Estimate by environment');
    const prod = rowOf(totals, 'prod');
    expect(within(prod).getByText('at least $285.58')).toBeInTheDocument();
    expect(within(prod).getByText('1 unpriced')).toBeInTheDocument();
    expect(within(prod).getByText('aws eu-west-1')).toBeInTheDocument();
    const dev = rowOf(totals, 'dev');
    expect(within(dev).getByText('$26.28')).toBeInTheDocument();
    expect(within(dev).getByText('All items')).toBeInTheDocument();
  });

  it('lists every line item with how it was priced, and unpriced records as unpriced, not $0', async () => {
    const api = mockCostApi();
    api.getEntityCost.mockResolvedValue(ordersCost);
    render(api);

    const table = await screen.findByLabelText('Line items');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(5);

    const [devDb, prodDb, prodStorage, prodRequests, prodCache] = rows;
    expect(devDb).toHaveTextContent('dev');
    expect(devDb).toHaveTextContent('$26.28');
    expect(
      within(prodDb).getByText('aws_db_instance.db · db.m6g.large'),
    ).toBeInTheDocument();
    expect(
      within(prodDb).getByText('Amazon RDS for PostgreSQL'),
    ).toBeInTheDocument();
    expect(within(prodDb).getByText('instance')).toBeInTheDocument();
    expect(within(prodDb).getByText('1,460 hour')).toBeInTheDocument();
    expect(within(prodDb).getByText('$0.178 / hour')).toBeInTheDocument();
    expect(within(prodDb).getByText('$259.88')).toBeInTheDocument();
    expect(
      within(prodDb).getByText(
        'Multi-AZ: the standby doubles the instance hours',
      ),
    ).toBeInTheDocument();
    // A price nobody checked says so where it is used, and why.
    expect(within(prodDb).getByText('unverified')).toBeInTheDocument();
    expect(
      within(prodDb).getByText(
        /^Unverified price: No public price for this SKU in this region/,
      ),
    ).toBeInTheDocument();
    expect(within(devDb).queryByText('unverified')).toBeNull();
    expect(within(prodStorage).getByText('100 GB-month')).toBeInTheDocument();
    expect(
      within(prodRequests).getByText('Assumes 1 million GET requests a month'),
    ).toBeInTheDocument();

    expect(within(prodCache).getByText('unpriced')).toBeInTheDocument();
    expect(
      within(prodCache).getByText('no price for cache.r7g.large in eu-west-1'),
    ).toBeInTheDocument();
    expect(prodCache).not.toHaveTextContent('$');
  });

  it("shows the owner's budget over, with the annotation to fix", async () => {
    const api = mockCostApi();
    api.getEntityCost.mockResolvedValue(ordersCost);
    render(api);

    const total = await screen.findByLabelText('Total budget');
    expect(total).toHaveAttribute('role', 'progressbar');
    expect(total).toHaveAttribute('aria-valuenow', '100');
    expect(total).toHaveAttribute('aria-valuetext', '115% of budget');
    expect(total.querySelector('[class*="overBar"]')).not.toBeNull();
    expect(
      screen.getByText('$345.50 of $300.00 · $45.50 over budget'),
    ).toBeInTheDocument();

    const prod = screen.getByLabelText('prod budget');
    expect(prod).toHaveAttribute('aria-valuenow', '75');
    expect(prod.querySelector('[class*="overBar"]')).toBeNull();
    expect(
      screen.getByText('$300.00 of $400.00 · $100.00 left'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('$45.50 owned · no budget set'),
    ).toBeInTheDocument();
    expect(screen.queryByLabelText('dev budget')).toBeNull();

    expect(
      screen.getByText(
        'Warning: Fix the budget annotations of group:default/payments',
      ),
    ).toBeInTheDocument();
    expect(
      within(screen.getByLabelText('Budget annotation errors')).getByText(
        /^pave\.dev\/monthly-budget-usd\.staging: "lots" is not a budget/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        '1 owned component has no recorded estimate and is not counted.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('payments').closest('a')).toHaveAttribute(
      'href',
      '/catalog/default/group/payments',
    );
  });

  it('marks the months that diverged from the estimate by more than the threshold', async () => {
    const api = mockCostApi();
    api.getEntityCost.mockResolvedValue(ordersCost);
    render(api);

    const table = await screen.findByLabelText('Actual cost by month');
    const february = rowOf(table, 'Feb 2026');
    expect(within(february).getByText('$420.00')).toBeInTheDocument();
    expect(within(february).getByText('$311.86')).toBeInTheDocument();
    expect(within(february).getByText('+35%')).toBeInTheDocument();
    expect(within(february).getByText('Diverged')).toBeInTheDocument();

    const january = rowOf(table, 'Jan 2026');
    expect(within(january).getByText('+7%')).toBeInTheDocument();
    expect(within(january).getByText('Within ±25%')).toBeInTheDocument();

    const december = rowOf(table, 'Dec 2025');
    expect(within(december).getByText('no estimate then')).toBeInTheDocument();
    expect(within(december).queryByText('Diverged')).toBeNull();

    expect(within(table).getAllByText('Diverged')).toHaveLength(1);
    expect(screen.getByText(/by more than ±25%/)).toBeInTheDocument();
    expect(
      screen.getByLabelText('Estimate and actual cost over time'),
    ).toBeInTheDocument();
  });

  it('explains how estimates get recorded when there is none yet', async () => {
    const api = mockCostApi();
    api.getEntityCost.mockResolvedValue(unestimatedCost);
    render(api);

    expect(
      await screen.findByText(
        'No cost estimate is recorded for this component yet.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/golden template creates the service/),
    ).toBeInTheDocument();
    expect(screen.queryByText('$0.00')).toBeNull();
    expect(screen.queryByRole('table')).toBeNull();
    expect(
      screen.getByText(
        'user:default/jane.doe is not a group, so no team budget applies.',
      ),
    ).toBeInTheDocument();
  });

  it('says the entity is unknown or hidden on a 404, not that the service failed', async () => {
    const api = mockCostApi();
    api.getEntityCost.mockRejectedValue(
      await responseError(
        404,
        'component:default/orders is not in the catalog',
      ),
    );
    render(api);

    expect(
      await screen.findByText('No cost information for this entity'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/does not know this entity, or you may not see it/),
    ).toHaveTextContent('component:default/orders is not in the catalog');
  });

  it("shows the server's error for anything else", async () => {
    const api = mockCostApi();
    api.getEntityCost.mockRejectedValue(
      await responseError(500, 'the pricing catalog failed to load'),
    );
    render(api);

    expect(
      await screen.findByText(/the pricing catalog failed to load/),
    ).toBeInTheDocument();
    expect(
      screen.queryByText('No cost information for this entity'),
    ).toBeNull();
  });
});
