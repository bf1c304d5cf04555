import {
  Cloud,
  EnvironmentType,
  environmentPlansSchema,
} from '@pave/plugin-infra-common';
import { z } from 'zod';
import { PriceUnit } from './pricing';

/**
 * `POST /api/cost/estimate` with plans already made: the `environments` of
 * an `/api/infra/plan` answer, as `plans`. The other accepted body is the
 * `/api/infra/plan` request itself (`infraRequestSchema`), which the plugin
 * plans first.
 *
 * @public
 */
export const costEstimatePlansSchema = z
  .object({
    plans: environmentPlansSchema,
    /**
     * The team that would own it (`group:default/payments`): the answer
     * then holds the estimate against the team's budgets.
     */
    owner: z.string().min(1).max(200).optional(),
    /**
     * A component of that team whose current estimate these plans replace
     * (a change to an existing service, judged in its CI): the budget
     * counts the new estimate instead of the old, not both.
     */
    replaces: z
      .string()
      .regex(
        /^component:[a-z0-9-]+\/[a-z0-9][a-z0-9-]*$/,
        'must be a component entity ref such as component:default/orders',
      )
      .optional(),
  })
  .strict()
  .refine(body => !body.replaces || body.owner, {
    path: ['replaces'],
    message: 'needs an owner, whose budget the estimate is held against',
  });

/** @public */
export type CostEstimatePlansRequest = z.infer<typeof costEstimatePlansSchema>;

/**
 * Whether a request body carries plans (rather than a workload to plan).
 *
 * @public
 */
export function isPlansRequest(body: unknown): boolean {
  return Boolean(body && typeof body === 'object' && 'plans' in body);
}

/**
 * One priced component of one plan record: a month of it.
 *
 * @public
 */
export interface CostLineItem {
  /** Terraform address of the record (`aws_db_instance.db`). */
  address: string;
  workloadResource: string;
  role: string;
  /** The cloud service, as its pricing page names it. */
  service: string;
  /** Which part of the bill (`instance`, `storage`, `requests`…). */
  component: string;
  /** The record's SKU, if it has one. */
  sku?: string;
  /** The pricing catalog entry that priced it. */
  priceId: string;
  /** Units a month (730 hours, the provisioned GB, the assumed usage). */
  quantity: number;
  /** `none` for a record the catalog states is free. */
  unit: PriceUnit | 'none';
  /** USD per unit. */
  unitUsd: number;
  /** `quantity × unitUsd`, rounded to cents. */
  monthlyUsd: number;
  /** For usage-priced items: the usage the estimate assumes. */
  usageAssumption?: string;
  /** Why the quantity is what it is (a standby for HA, etc.). */
  note?: string;
  /** Set when the catalog states the record costs nothing of its own. */
  freeReason?: string;
  /**
   * Set when nobody checked the price against a source: why. The estimate
   * then says it includes unverified prices.
   */
  unverified?: string;
  /** The vendor SKU, meter or rate ids the price comes from. */
  vendorSkus?: string[];
}

/**
 * A plan record the catalog cannot price. Never counted as zero: the
 * totals it belongs to say they are incomplete.
 *
 * @public
 */
export interface UnpricedItem {
  address: string;
  workloadResource: string;
  role: string;
  terraformType: string;
  sku?: string;
  status: 'unpriced';
  reason: string;
}

/**
 * One environment's estimate.
 *
 * @public
 */
export interface EnvironmentCostEstimate {
  environment: string;
  environmentType: EnvironmentType;
  cloud: Cloud;
  region: string;
  /** Sum of the priced line items; a floor when `complete` is false. */
  monthlyUsd: number;
  /** False when any record is unpriced. */
  complete: boolean;
  /** True when a line item uses a price nobody checked against a source. */
  includesUnverifiedPrices: boolean;
  /** Monthly USD per cloud service. */
  byService: Record<string, number>;
  lineItems: CostLineItem[];
  unpriced: UnpricedItem[];
}

/**
 * The answer of `POST /api/cost/estimate`: list prices, on demand, per
 * month, before anything is created.
 *
 * @public
 */
export interface CostEstimate {
  currency: 'USD';
  environments: EnvironmentCostEstimate[];
  /** All environments together; a floor when `complete` is false. */
  monthlyUsd: number;
  byService: Record<string, number>;
  complete: boolean;
  /** True when any environment's estimate uses an unverified price. */
  includesUnverifiedPrices: boolean;
  /** The oldest price date among the line items (`YYYY-MM-DD`). */
  pricingAsOf: string;
  /** Hours a month the estimate counts for hourly prices. */
  hoursPerMonth: number;
}

/**
 * How many line items of an estimate use a price nobody checked against a
 * source, of how many: what "includes unverified prices" says in the
 * portal and the CLI.
 *
 * @public
 */
export function unverifiedItems(estimate: CostEstimate): {
  unverified: number;
  items: number;
} {
  const items = estimate.environments.flatMap(env => env.lineItems);
  return {
    unverified: items.filter(item => item.unverified).length,
    items: items.length,
  };
}
