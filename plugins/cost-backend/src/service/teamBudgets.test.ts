import { Entity } from '@backstage/catalog-model';
import { CostEstimate } from '@pave/plugin-cost-common';
import { holdAgainstBudgets, teamBudgetStatus } from './teamBudgets';
import { CurrentEstimate } from '../database/DatabaseCostStore';

const payments: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: {
    name: 'payments',
    annotations: {
      'pave.dev/monthly-budget-usd': '1000',
      'pave.dev/monthly-budget-usd.prod': '600',
    },
  },
  spec: { type: 'team', children: [] },
};

/** Two services the team owns: 300 + 150.10 a month, 250 of it in prod. */
const current = new Map<string, CurrentEstimate>([
  [
    'component:default/orders',
    {
      entityRef: 'component:default/orders',
      monthlyCents: 30000,
      byEnvironmentTypeCents: { dev: 5000, prod: 25000 },
      complete: true,
      recordedAt: '2026-11-01T00:00:00.000Z',
    },
  ],
  [
    'component:default/refunds',
    {
      entityRef: 'component:default/refunds',
      monthlyCents: 15010,
      byEnvironmentTypeCents: { dev: 15010 },
      complete: true,
      recordedAt: '2026-11-02T00:00:00.000Z',
    },
  ],
]);

function estimate(byType: Record<string, number>): CostEstimate {
  const environments = Object.entries(byType).map(([type, monthlyUsd]) => ({
    environment: type,
    environmentType: type as 'dev' | 'prod',
    cloud: 'aws' as const,
    region: 'eu-west-1',
    monthlyUsd,
    complete: true,
    includesUnverifiedPrices: false,
    byService: {},
    lineItems: [],
    unpriced: [],
  }));
  return {
    currency: 'USD',
    environments,
    monthlyUsd: environments.reduce((sum, e) => sum + e.monthlyUsd, 0),
    byService: {},
    complete: true,
    includesUnverifiedPrices: false,
    pricingAsOf: '2026-01-01',
    hoursPerMonth: 730,
  };
}

describe('team budgets', () => {
  const status = teamBudgetStatus(
    'group:default/payments',
    payments,
    3,
    current,
  );

  it('sums what the team owns against each budget, in cents', () => {
    expect(status).toEqual({
      groupRef: 'group:default/payments',
      total: { budgetUsd: 1000, ownedUsd: 450.1, remainingUsd: 549.9 },
      byEnvironmentType: {
        dev: { ownedUsd: 200.1 },
        prod: { budgetUsd: 600, ownedUsd: 250, remainingUsd: 350 },
      },
      errors: [],
      // Three components, two with an estimate.
      unestimated: 1,
    });
  });

  it('says which budgets an estimate would exceed, and what would be left', () => {
    const check = holdAgainstBudgets(status, estimate({ dev: 20, prod: 400 }));
    expect(check).toMatchObject({
      estimateUsd: 420,
      estimateByEnvironmentType: { dev: 20, prod: 400 },
      remainingAfterUsd: 129.9,
      remainingAfterByEnvironmentType: { prod: -50 },
      withinBudget: false,
      exceeds: ['prod'],
    });
  });

  it('never exceeds a budget the team has not set, nor one the estimate does not touch', () => {
    const check = holdAgainstBudgets(status, estimate({ dev: 540 }));
    expect(check.withinBudget).toBe(true);
    expect(check.exceeds).toEqual([]);
    const over = holdAgainstBudgets(status, estimate({ dev: 560 }));
    expect(over.exceeds).toEqual(['total']);
  });

  it('gives a team the catalog does not hold no budget, and says so', () => {
    expect(
      teamBudgetStatus('group:default/ghosts', undefined, 0, new Map()),
    ).toMatchObject({
      total: { ownedUsd: 0 },
      errors: ['group:default/ghosts is not in the catalog; it has no budget'],
    });
  });
});
