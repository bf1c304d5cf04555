import {
  EnvironmentType,
  environmentTypeSchema,
} from '@pave/plugin-infra-common';

const ENVIRONMENT_TYPES: readonly EnvironmentType[] =
  environmentTypeSchema.options;

/**
 * A team's monthly budget in USD, on its Group entity:
 * `pave.dev/monthly-budget-usd: "12000"`.
 *
 * @public
 */
export const MONTHLY_BUDGET_ANNOTATION = 'pave.dev/monthly-budget-usd';

/**
 * A team's cap on its running previews (USD a month, their cloud-equivalent
 * estimates together), on its Group entity:
 * `pave.dev/preview-budget-usd: "300"`. The `preview-budget` Cedar rule
 * holds each new preview against it.
 *
 * @public
 */
export const PREVIEW_BUDGET_ANNOTATION = 'pave.dev/preview-budget-usd';

/**
 * The annotation of a team's monthly budget for one environment type:
 * `pave.dev/monthly-budget-usd.prod: "9000"`.
 *
 * @public
 */
export function environmentTypeBudgetAnnotation(type: EnvironmentType): string {
  return `${MONTHLY_BUDGET_ANNOTATION}.${type}`;
}

/**
 * A team's budgets as its Group declares them. Absent means "no budget",
 * never zero.
 *
 * @public
 */
export interface TeamBudgets {
  monthlyUsd?: number;
  /** The cap on its running previews ({@link PREVIEW_BUDGET_ANNOTATION}). */
  previewUsd?: number;
  byEnvironmentType: Partial<Record<EnvironmentType, number>>;
}

/** @public */
export interface ParsedBudgets {
  budgets: TeamBudgets;
  /** One message per bad annotation, naming it and the rule. */
  errors: string[];
}

// Dollars with at most two decimals; no sign, no exponent, no thousands separator.
const AMOUNT = /^\d{1,12}(\.\d{1,2})?$/;

/**
 * Reads the budget annotations of a Group. A bad value (negative, not a
 * number, more than cents) is reported and the budget it would set stays
 * unset, so a typo never reads as a budget of zero.
 *
 * @public
 */
export function parseBudgetAnnotations(
  annotations: Record<string, string> | undefined,
): ParsedBudgets {
  const budgets: TeamBudgets = { byEnvironmentType: {} };
  const errors: string[] = [];
  for (const [key, raw] of Object.entries(annotations ?? {})) {
    if (
      key !== MONTHLY_BUDGET_ANNOTATION &&
      key !== PREVIEW_BUDGET_ANNOTATION &&
      !key.startsWith(`${MONTHLY_BUDGET_ANNOTATION}.`)
    ) {
      continue;
    }
    const value = String(raw).trim();
    if (!AMOUNT.test(value)) {
      errors.push(
        `${key}: ${JSON.stringify(
          raw,
        )} is not a budget; use a non-negative amount of US dollars with at most two decimals, such as "12000" or "950.50"`,
      );
      continue;
    }
    const amount = Number(value);
    if (key === MONTHLY_BUDGET_ANNOTATION) {
      budgets.monthlyUsd = amount;
      continue;
    }
    if (key === PREVIEW_BUDGET_ANNOTATION) {
      budgets.previewUsd = amount;
      continue;
    }
    const type = key.slice(MONTHLY_BUDGET_ANNOTATION.length + 1);
    if (!(ENVIRONMENT_TYPES as readonly string[]).includes(type)) {
      errors.push(
        `${key}: "${type}" is not an environment type; use one of ${ENVIRONMENT_TYPES.map(
          t => `${MONTHLY_BUDGET_ANNOTATION}.${t}`,
        ).join(', ')}`,
      );
      continue;
    }
    budgets.byEnvironmentType[type as EnvironmentType] = amount;
  }
  return { budgets, errors };
}

/**
 * Budget, owned cost and what is left, for the team or one environment
 * type. `budgetUsd`/`remainingUsd` are absent when no budget is set.
 *
 * @public
 */
export interface BudgetLine {
  budgetUsd?: number;
  /** Monthly estimate of everything the team owns. */
  ownedUsd: number;
  /** `budgetUsd − ownedUsd`; negative when over budget. */
  remainingUsd?: number;
}

/**
 * A team's budgets against what it already owns.
 *
 * @public
 */
export interface TeamBudgetStatus {
  groupRef: string;
  total: BudgetLine;
  byEnvironmentType: Partial<Record<EnvironmentType, BudgetLine>>;
  /** Bad budget annotations; the budgets they would set are absent. */
  errors: string[];
  /** Owned components with no recorded estimate (not counted). */
  unestimated: number;
}

/**
 * An estimate held against the owner's budget: what is left after it, and
 * whether it fits every budget the team has.
 *
 * @public
 */
export interface BudgetCheck {
  status: TeamBudgetStatus;
  /** This estimate's monthly cost, in total and per environment type. */
  estimateUsd: number;
  estimateByEnvironmentType: Partial<Record<EnvironmentType, number>>;
  /** `remainingUsd − estimateUsd`, where a budget is set. */
  remainingAfterUsd?: number;
  remainingAfterByEnvironmentType: Partial<Record<EnvironmentType, number>>;
  /** False when the estimate exceeds what is left of any budget. */
  withinBudget: boolean;
  /** The budgets it exceeds: `total` and/or environment types. */
  exceeds: Array<'total' | EnvironmentType>;
}
