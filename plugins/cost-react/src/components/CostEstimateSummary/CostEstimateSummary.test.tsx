import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import {
  exceededEstimate,
  ordersEstimate,
  paymentsGroupCost,
} from '../../testUtils';
import { CostEstimateSummary } from './CostEstimateSummary';

describe('CostEstimateSummary', () => {
  it('shows an estimate that exceeds the budget: which budgets and by how much', async () => {
    renderInTestApp(<CostEstimateSummary estimate={exceededEstimate} />);

    expect(await screen.findByLabelText('Monthly estimate')).toHaveTextContent(
      'at least $311.86 a month',
    );
    const environments = screen.getByRole('list', {
      name: 'Estimate by environment',
    });
    expect(within(environments).getByText('dev: $26.28')).toBeInTheDocument();
    expect(
      within(environments).getByText('prod: at least $285.58'),
    ).toBeInTheDocument();

    const unpriced = screen.getByRole('region', { name: 'Not priced' });
    expect(
      within(unpriced).getByText(
        'prod/aws_elasticache_replication_group.cache (cache.r7g.large): unpriced',
      ),
    ).toBeInTheDocument();

    const budget = screen.getByRole('region', { name: 'Budget' });
    expect(within(budget).getByRole('alert')).toHaveTextContent(
      'Exceeds the total budget and the prod budget of group:default/payments',
    );
    const after = within(budget).getByRole('list', {
      name: 'Budgets after this',
    });
    expect(
      within(after).getByText(
        'Total: $120.25 over the $2,000.00 budget after this',
      ),
    ).toBeInTheDocument();
    expect(
      within(after).getByText(
        'prod: $260.00 over the $1,500.00 budget after this',
      ),
    ).toBeInTheDocument();
    // dev has no budget, so there is nothing to be left of it.
    expect(within(after).queryByText(/^dev:/)).toBeNull();
    expect(
      within(budget).getByText(
        'Not counted in what the team owns: 2 components without a recorded estimate.',
      ),
    ).toBeInTheDocument();
  });

  it('says when it fits, and what is left', async () => {
    renderInTestApp(
      <CostEstimateSummary
        estimate={{
          ...exceededEstimate,
          budget: {
            ...exceededEstimate.budget!,
            estimateUsd: 311.86,
            estimateByEnvironmentType: { dev: 26.28, prod: 285.58 },
            remainingAfterUsd: 187.89,
            remainingAfterByEnvironmentType: { prod: 14.42 },
            withinBudget: true,
            exceeds: [],
          },
        }}
      />,
    );

    expect(
      await screen.findByText('Within the budgets of group:default/payments'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(
      screen.getByText('Total: $187.89 of $2,000.00 left after this'),
    ).toBeInTheDocument();
  });

  it('says when the team has no budget, and lists its bad annotations', async () => {
    renderInTestApp(
      <CostEstimateSummary
        estimate={{
          ...ordersEstimate,
          budget: {
            status: {
              ...paymentsGroupCost.budget,
              total: { ownedUsd: 1500.25 },
              byEnvironmentType: { prod: { ownedUsd: 1200 } },
              errors: [
                'pave.dev/monthly-budget-usd: "12k" is not a budget; use a non-negative amount of US dollars',
              ],
            },
            estimateUsd: 311.86,
            estimateByEnvironmentType: { dev: 26.28, prod: 285.58 },
            remainingAfterByEnvironmentType: {},
            withinBudget: true,
            exceeds: [],
          },
        }}
      />,
    );

    expect(
      await screen.findByText(
        'group:default/payments has no budget set, so there is nothing to check against.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Within the budgets/)).toBeNull();
    expect(
      screen.getByText(
        /Budget annotation to fix: pave\.dev\/monthly-budget-usd: "12k"/,
      ),
    ).toBeInTheDocument();
  });

  it('shows no budget section without an owner', async () => {
    renderInTestApp(<CostEstimateSummary estimate={ordersEstimate} />);
    await screen.findByLabelText('Monthly estimate');
    expect(screen.queryByRole('region', { name: 'Budget' })).toBeNull();
  });

  it('says when the estimate includes unverified prices, and how many', async () => {
    renderInTestApp(<CostEstimateSummary estimate={ordersEstimate} />);
    expect(
      await screen.findByRole('note', { name: 'Includes unverified prices' }),
    ).toHaveTextContent(/^Includes unverified prices: 1 of 4 priced items/);
  });

  it('says nothing about verification when every price was checked', async () => {
    renderInTestApp(
      <CostEstimateSummary
        estimate={{
          ...ordersEstimate,
          includesUnverifiedPrices: false,
          environments: ordersEstimate.environments.map(env => ({
            ...env,
            includesUnverifiedPrices: false,
            lineItems: env.lineItems.map(({ unverified: _u, ...i }) => i),
          })),
        }}
      />,
    );
    await screen.findByLabelText('Monthly estimate');
    expect(screen.queryByText(/unverified/i)).toBeNull();
  });

  it('says there is nothing to price rather than $0 when no resources are planned', async () => {
    renderInTestApp(
      <CostEstimateSummary
        estimate={{
          ...ordersEstimate,
          monthlyUsd: 0,
          environments: ordersEstimate.environments.map(env => ({
            ...env,
            monthlyUsd: 0,
            lineItems: [],
            unpriced: [],
          })),
        }}
      />,
    );
    expect(
      await screen.findByText(/Nothing of its own to price/),
    ).toBeInTheDocument();
    expect(screen.queryByText(/\$0\.00/)).not.toBeInTheDocument();
  });
});
