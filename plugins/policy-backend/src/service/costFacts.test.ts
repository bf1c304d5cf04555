import {
  BudgetCheck,
  CostEstimateWithBudget,
  EnvironmentCostEstimate,
} from '@pave/plugin-cost-common';
import { costFacts } from './costFacts';

const env = (
  environment: string,
  environmentType: EnvironmentCostEstimate['environmentType'],
  monthlyUsd: number,
): EnvironmentCostEstimate => ({
  environment,
  environmentType,
  cloud: 'aws',
  region: 'eu-west-1',
  monthlyUsd,
  complete: true,
  includesUnverifiedPrices: false,
  byService: {},
  lineItems: [],
  unpriced: [],
});

const estimate: CostEstimateWithBudget = {
  currency: 'USD',
  environments: [
    env('dev', 'dev', 26.281),
    env('preview-42', 'preview', 10.004),
    env('preview-43', 'preview', 10.004),
    env('prod', 'prod', 300.1),
  ],
  monthlyUsd: 346.39,
  byService: {},
  complete: true,
  includesUnverifiedPrices: false,
  pricingAsOf: '2025-06-01',
  hoursPerMonth: 730,
};

function budget(status: Partial<BudgetCheck['status']>): BudgetCheck {
  return {
    status: {
      groupRef: 'group:default/payments',
      total: { ownedUsd: 0 },
      byEnvironmentType: {},
      errors: [],
      unestimated: 0,
      ...status,
    },
    estimateUsd: 346.39,
    estimateByEnvironmentType: {},
    remainingAfterByEnvironmentType: {},
    withinBudget: true,
    exceeds: [],
  };
}

describe('costFacts', () => {
  it('gives the estimate in cents, per environment type as the cost plugin sums it', () => {
    expect(costFacts(estimate)).toEqual({
      estimatedMonthlyCents: 34_639,
      estimatedByEnvironmentTypeCents: {
        dev: 2_628,
        preview: 2_000,
        prod: 30_010,
      },
    });
  });

  it('gives the budget and what is left before this service, for the budgets that are set', () => {
    const facts = costFacts({
      ...estimate,
      budget: budget({
        total: { budgetUsd: 1000, ownedUsd: 1100.5, remainingUsd: -100.5 },
        byEnvironmentType: {
          // Owned, but no budget: no remaining figure, not 0.
          dev: { ownedUsd: 40 },
          prod: { budgetUsd: 800, ownedUsd: 799.99, remainingUsd: 0.01 },
        },
      }),
    });
    expect(facts).toMatchObject({
      budgetMonthlyCents: 100_000,
      budgetRemainingCents: -10_050,
      budgetRemainingByEnvironmentTypeCents: { prod: 1 },
    });
  });

  it('leaves every budget fact out for a team without a budget', () => {
    const facts = costFacts({
      ...estimate,
      budget: budget({
        total: { ownedUsd: 500 },
        byEnvironmentType: { prod: { ownedUsd: 500 } },
      }),
    });
    expect(Object.keys(facts).sort()).toEqual([
      'estimatedByEnvironmentTypeCents',
      'estimatedMonthlyCents',
    ]);
  });

  it('refuses figures that are not money, naming the field', () => {
    expect(() => costFacts({ ...estimate, monthlyUsd: -3 })).toThrow(
      expect.objectContaining({
        name: 'ServiceUnavailableError',
        message: expect.stringMatching(
          /^the cost plugin's estimate does not add up: estimatedMonthlyCents: must not be negative/,
        ),
      }),
    );
  });
});
