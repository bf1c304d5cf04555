import {
  EnvironmentType,
  environmentPlansSchema,
} from '@pave/plugin-infra-common';
import { z } from 'zod';
import { BudgetCheck, TeamBudgetStatus } from './budget';
import { CostEstimate } from './estimate';

/**
 * Why an estimate was recorded: a scaffolder task created or changed the
 * service, the catalog's description of its resources changed, or someone
 * recorded it through the API.
 *
 * @public
 */
export type EstimateCause =
  | { kind: 'task'; taskId: string }
  | { kind: 'spec-change'; detail: string }
  | { kind: 'api'; detail?: string };

/** @public */
export const estimateCauseSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('task'),
      taskId: z
        .string()
        .regex(
          /^[A-Za-z0-9-]{1,100}$/,
          'must be a scaffolder task id (letters, digits and dashes)',
        ),
    })
    .strict(),
  z
    .object({
      kind: z.literal('spec-change'),
      detail: z.string().min(1).max(500),
    })
    .strict(),
  z
    .object({ kind: z.literal('api'), detail: z.string().max(500).optional() })
    .strict(),
]);

/**
 * `POST /api/cost/entities/:ref/estimates`: record an estimate for an
 * entity, from plans or from the `/api/infra/plan` request itself
 * (`request`), with its cause.
 *
 * @public
 */
export const recordEstimateSchema = z
  .object({
    plans: environmentPlansSchema.optional(),
    request: z.record(z.string(), z.unknown()).optional(),
    cause: estimateCauseSchema,
  })
  .strict()
  .refine(body => Boolean(body.plans) !== Boolean(body.request), {
    message: 'give either plans or request (an /api/infra/plan request)',
    path: ['plans'],
  });

/** @public */
export type RecordEstimateRequest = z.infer<typeof recordEstimateSchema>;

/**
 * One recorded estimate. `estimate` is the full answer of
 * `POST /api/cost/estimate` at that time.
 *
 * @public
 */
export interface RecordedEstimate {
  id: string;
  entityRef: string;
  recordedAt: string;
  cause: EstimateCause;
  monthlyUsd: number;
  complete: boolean;
  byEnvironment: Record<string, number>;
  byEnvironmentType: Partial<Record<EnvironmentType, number>>;
  estimate: CostEstimate;
}

/**
 * A point of an entity's estimate history (no line items).
 *
 * @public
 */
export type EstimateHistoryPoint = Omit<RecordedEstimate, 'estimate'>;

/**
 * What an entity actually cost in one calendar month (UTC), from billing
 * data (FOCUS `EffectiveCost`), against the estimate in force then.
 *
 * @public
 */
export interface ActualMonth {
  /** `2026-10`. */
  month: string;
  actualUsd: number;
  byEnvironment: Record<string, number>;
  /** The last instant the billing data covers (end of the latest charge period). */
  coveredUntil: string;
  /**
   * The estimate in force at the month's end, prorated to the covered
   * part of the month; absent when no estimate was recorded by then.
   */
  estimateUsd?: number;
  /** `(actual − estimate) / estimate`. */
  deviation?: number;
  /** True when |deviation| exceeds the configured threshold. */
  diverged: boolean;
}

/**
 * `GET /api/cost/entities/:ref`.
 *
 * @public
 */
export interface EntityCostResponse {
  entityRef: string;
  /** The accountable owner, whose budgets `budget` shows. */
  owner?: string;
  /** Every owner (`entityOwners` of `@pave/common`), the accountable one first. */
  owners: string[];
  /** The latest recorded estimate, with line items. */
  current?: RecordedEstimate;
  /** Recorded estimates, oldest first (at most the last 500). */
  history: EstimateHistoryPoint[];
  /** Billed months, oldest first (at most the last 24). */
  actuals: ActualMonth[];
  /** The threshold `diverged` is judged by (0.25 = 25 %). */
  divergenceThreshold: number;
  /** The owning team's budgets, when the owner is a group. */
  budget?: TeamBudgetStatus;
}

/**
 * One owned entity in a team's rollup.
 *
 * @public
 */
export interface GroupCostEntity {
  entityRef: string;
  title?: string;
  /** Absent when no estimate is recorded. */
  monthlyUsd?: number;
  complete?: boolean;
  byEnvironmentType: Partial<Record<EnvironmentType, number>>;
  recordedAt?: string;
  /** Actual cost of the latest billed month. */
  lastActual?: { month: string; actualUsd: number };
}

/**
 * `GET /api/cost/groups/:ref`: everything a team owns, rolled up.
 *
 * @public
 */
export interface GroupCostResponse {
  groupRef: string;
  budget: TeamBudgetStatus;
  /** Owned components, most expensive first. */
  entities: GroupCostEntity[];
  /** Actual cost per month of everything owned, oldest first. */
  actuals: Array<{ month: string; actualUsd: number }>;
}

/**
 * `POST /api/cost/estimate` with an `owner`: the estimate and how it sits
 * against the team's budgets.
 *
 * @public
 */
export type CostEstimateWithBudget = CostEstimate & {
  budget?: BudgetCheck;
  /** Why the budget could not be checked (the estimate still stands). */
  budgetError?: string;
};

/**
 * A row of a FOCUS file that was not ingested.
 *
 * @public
 */
export interface IngestRowError {
  /** 1-based line of the file where the row starts. */
  line: number;
  message: string;
}

/**
 * The outcome of one FOCUS ingest. Good rows are stored in one
 * transaction with this report; bad rows are listed (the first 1000) and
 * counted.
 *
 * @public
 */
export interface IngestReport {
  id: string;
  source: string;
  startedAt: string;
  finishedAt: string;
  status: 'ingested' | 'failed';
  rowsRead: number;
  rowsIngested: number;
  rowsRejected: number;
  /** Rows without Pave's `service` tag (cost not attributed to an entity). */
  rowsUnattributed: number;
  unattributedUsd: number;
  /** Billing months (per provider) the file replaced. */
  months: string[];
  errors: IngestRowError[];
  /** Set when the whole file was refused (unreadable, no FOCUS header). */
  failure?: string;
}
