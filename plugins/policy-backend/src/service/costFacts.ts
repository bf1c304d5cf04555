import { ServiceUnavailableError } from '@backstage/errors';
import { CostEstimateWithBudget } from '@pave/plugin-cost-common';
import { EnvironmentType } from '@pave/plugin-infra-common';
import { describeIssues } from '@pave/common';
import { serviceFactsSchema } from '@pave/plugin-policy-common';
import { z } from 'zod';

const costFactsSchema = serviceFactsSchema.pick({
  estimatedMonthlyCents: true,
  estimatedByEnvironmentTypeCents: true,
  budgetMonthlyCents: true,
  budgetRemainingCents: true,
  budgetRemainingByEnvironmentTypeCents: true,
});

/** The cost facts of a `Pave::Service`, in cents. */
export type CostFacts = z.output<typeof costFactsSchema>;

/** Cedar has no decimals; the cost plugin rounds to cents too. */
const toCents = (usd: number) => Math.round(usd * 100);

/**
 * The estimate and the owner's budgets as the budget rules read them
 * (policies/budgets.cedar). Remaining means before this service: the budget
 * less what the team already owns. A budget the team has not set stays
 * absent, never 0. Per environment type, the estimate is the sum of each
 * environment's rounded cents, as the cost plugin sums it. Throws a
 * `ServiceUnavailableError` for figures that are not cents.
 */
export function costFacts(estimate: CostEstimateWithBudget): CostFacts {
  const estimatedByType: Partial<Record<EnvironmentType, number>> = {};
  for (const env of estimate.environments) {
    estimatedByType[env.environmentType] =
      (estimatedByType[env.environmentType] ?? 0) + toCents(env.monthlyUsd);
  }
  const status = estimate.budget?.status;
  const remainingByType: Partial<Record<EnvironmentType, number>> = {};
  for (const [type, line] of Object.entries(status?.byEnvironmentType ?? {})) {
    if (line?.remainingUsd !== undefined) {
      remainingByType[type as EnvironmentType] = toCents(line.remainingUsd);
    }
  }
  const total = status?.total;
  // Parsed, so a figure the cost plugin got wrong is refused here with its
  // field named, rather than handed to Cedar.
  const facts = costFactsSchema.safeParse({
    estimatedMonthlyCents: toCents(estimate.monthlyUsd),
    estimatedByEnvironmentTypeCents: estimatedByType,
    ...(total?.budgetUsd === undefined
      ? {}
      : { budgetMonthlyCents: toCents(total.budgetUsd) }),
    ...(total?.remainingUsd === undefined
      ? {}
      : { budgetRemainingCents: toCents(total.remainingUsd) }),
    ...(Object.keys(remainingByType).length > 0
      ? { budgetRemainingByEnvironmentTypeCents: remainingByType }
      : {}),
  });
  if (!facts.success) {
    throw new ServiceUnavailableError(
      `the cost plugin's estimate does not add up: ${describeIssues(
        facts.error,
      )}`,
    );
  }
  return facts.data;
}
