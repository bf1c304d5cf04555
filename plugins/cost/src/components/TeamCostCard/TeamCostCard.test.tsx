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
  paymentsGroupCost,
  responseError,
} from '@pave/plugin-cost-react/testUtils';
import { TeamCostCard } from './TeamCostCard';

const group: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'payments', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

function render(api: ReturnType<typeof mockCostApi>) {
  return renderInTestApp(
    <EntityProvider entity={group}>
      <TeamCostCard />
    </EntityProvider>,
    {
      apis: [[costApiRef, api]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

describe('TeamCostCard', () => {
  it("shows the team's estimate against its budgets, its top five components and its spend", async () => {
    const api = mockCostApi();
    api.getGroupCost.mockResolvedValue(paymentsGroupCost);
    render(api);

    const total = await screen.findByRole('progressbar', {
      name: 'Total budget',
    });
    expect(api.getGroupCost).toHaveBeenCalledWith('group:default/payments');
    expect(total).toHaveAttribute('aria-valuenow', '75');
    expect(
      screen.getByText('$1,500.25 of $2,000.00 · $499.75 left'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('progressbar', { name: 'prod budget' }),
    ).toHaveAttribute('aria-valuenow', '80');
    expect(
      screen.getByText('$300.25 owned · no budget set'),
    ).toBeInTheDocument();

    const top = screen.getByRole('list', {
      name: 'Most expensive components',
    });
    const items = within(top).getAllByRole('listitem');
    expect(items.map(item => item.textContent)).toEqual([
      'Payments Gateway$800.00',
      'ordersat least $311.86',
      'ledger$200.00',
      'notifications$100.00',
      'search$50.00',
    ]);
    expect(within(items[0]).getByRole('link')).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-gateway',
    );
    expect(within(top).queryByText('fraud-score')).toBeNull();

    expect(
      screen.getByText(
        '2 owned components have no recorded estimate and are not counted.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('figure', { name: 'Actual spend by month' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Feb 2026: $1,450.50 actual spend'),
    ).toBeInTheDocument();
  });

  it('says when the team has no budget and nothing estimated', async () => {
    const api = mockCostApi();
    api.getGroupCost.mockResolvedValue({
      groupRef: 'group:default/payments',
      budget: {
        groupRef: 'group:default/payments',
        total: { ownedUsd: 0 },
        byEnvironmentType: {},
        errors: [],
        unestimated: 0,
      },
      entities: [],
      actuals: [],
    });
    render(api);

    expect(
      await screen.findByText('$0.00 owned · no budget set'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(
      screen.getByText(/None of the team's components has a recorded estimate/),
    ).toBeInTheDocument();
    expect(screen.getByText('No billing data yet.')).toBeInTheDocument();
  });

  it("shows the server's error", async () => {
    const api = mockCostApi();
    api.getGroupCost.mockRejectedValue(
      await responseError(404, 'group:default/payments is not in the catalog'),
    );
    render(api);
    expect(
      await screen.findByText(/group:default\/payments is not in the catalog/),
    ).toBeInTheDocument();
  });
});
