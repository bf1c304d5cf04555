import { Entity } from '@backstage/catalog-model';
import {
  BudgetCheck,
  BudgetLine,
  CostEstimate,
  TeamBudgetStatus,
  parseBudgetAnnotations,
} from '@pave/plugin-cost-common';
import { EnvironmentType } from '@pave/plugin-infra-common';
import { CurrentEstimate, summarize } from '../database/DatabaseCostStore';

const usd = (cents: number) => cents / 100;

function addCents(
  into: Partial<Record<EnvironmentType, number>>,
  from: Partial<Record<EnvironmentType, number>>,
) {
  for (const [type, value] of Object.entries(from) as Array<
    [EnvironmentType, number]
  >) {
    into[type] = (into[type] ?? 0) + value;
  }
}

function line(budgetUsd: number | undefined, ownedCents: number): BudgetLine {
  return {
    ...(budgetUsd === undefined ? {} : { budgetUsd }),
    ownedUsd: usd(ownedCents),
    ...(budgetUsd === undefined
      ? {}
      : { remainingUsd: usd(Math.round(budgetUsd * 100) - ownedCents) }),
  };
}

/**
 * A team's budgets (its Group's annotations; a team not in the catalog has
 * none, and says so) against the current estimates of what it owns, in
 * whole cents so the lines add up as shown.
 */
export function teamBudgetStatus(
  groupRef: string,
  group: Entity | undefined,
  ownedCount: number,
  current: Map<string, CurrentEstimate>,
): TeamBudgetStatus {
  const { budgets, errors } = parseBudgetAnnotations(
    group?.metadata.annotations,
  );
  let ownedCents = 0;
  const byType: Partial<Record<EnvironmentType, number>> = {};
  for (const estimate of current.values()) {
    ownedCents += estimate.monthlyCents;
    addCents(byType, estimate.byEnvironmentTypeCents);
  }
  const types = new Set([
    ...Object.keys(byType),
    ...Object.keys(budgets.byEnvironmentType),
  ]) as Set<EnvironmentType>;
  return {
    groupRef,
    total: line(budgets.monthlyUsd, ownedCents),
    byEnvironmentType: Object.fromEntries(
      [...types]
        .sort()
        .map(type => [
          type,
          line(budgets.byEnvironmentType[type], byType[type] ?? 0),
        ]),
    ),
    errors: group
      ? errors
      : [`${groupRef} is not in the catalog; it has no budget`],
    unestimated: ownedCount - current.size,
  };
}

/**
 * An estimate held against a team's budgets: what would be left, in total
 * and per environment type, and which budgets it would exceed. A budget
 * the team has not set is never exceeded.
 */
export function holdAgainstBudgets(
  status: TeamBudgetStatus,
  estimate: CostEstimate,
): BudgetCheck {
  const { byEnvironmentType } = summarize(estimate);
  const estimateCents = Math.round(estimate.monthlyUsd * 100);
  const exceeds: BudgetCheck['exceeds'] = [];
  const remainingAfterByEnvironmentType: BudgetCheck['remainingAfterByEnvironmentType'] =
    {};
  for (const [type, budgetLine] of Object.entries(
    status.byEnvironmentType,
  ) as Array<[EnvironmentType, BudgetLine]>) {
    if (budgetLine.remainingUsd === undefined) continue;
    const after =
      Math.round(budgetLine.remainingUsd * 100) -
      (byEnvironmentType[type] ?? 0);
    remainingAfterByEnvironmentType[type] = usd(after);
    if ((byEnvironmentType[type] ?? 0) > 0 && after < 0) {
      exceeds.push(type);
    }
  }
  let remainingAfterUsd: number | undefined;
  if (status.total.remainingUsd !== undefined) {
    const after = Math.round(status.total.remainingUsd * 100) - estimateCents;
    remainingAfterUsd = usd(after);
    if (estimateCents > 0 && after < 0) {
      exceeds.unshift('total');
    }
  }
  return {
    status,
    estimateUsd: usd(estimateCents),
    estimateByEnvironmentType: Object.fromEntries(
      Object.entries(byEnvironmentType).map(([type, cents]) => [
        type,
        usd(cents),
      ]),
    ),
    ...(remainingAfterUsd === undefined ? {} : { remainingAfterUsd }),
    remainingAfterByEnvironmentType,
    withinBudget: exceeds.length === 0,
    exceeds,
  };
}
