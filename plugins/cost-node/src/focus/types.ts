import { IngestRowError } from '@pave/plugin-cost-common';

/**
 * One aggregate of a FOCUS file: the effective cost of one component in
 * one environment, per provider and billing month. The store writes these.
 *
 * @public
 */
export interface FocusLine {
  /** `aws`, `gcp`, `azure`, or a lower-case slug of the provider's name. */
  provider: string;
  /** `YYYY-MM` of `ChargePeriodStart` (UTC). */
  month: string;
  /** `component:default/<service tag, lower-cased>`. */
  entityRef: string;
  /** The `environment` tag (lower-cased), or `unknown`. */
  environment: string;
  /** Sum of `EffectiveCost` in micro-USD, exact (integer arithmetic). */
  micros: number;
  /** ISO timestamp: the latest `ChargePeriodEnd` of the line's rows. */
  coveredUntil: string;
}

/**
 * What a FOCUS file holds for Pave. `rowsRead` is the number of data rows
 * and equals `rowsIngested + rowsUnattributed + rowsRejected`.
 *
 * @public
 */
export interface FocusAggregate {
  /** Sorted by provider, month, entityRef, environment. */
  lines: FocusLine[];
  /**
   * Every (provider, month) with a valid row, attributed or not, sorted:
   * the periods the store replaces.
   */
  periods: Array<{ provider: string; month: string }>;
  rowsRead: number;
  /** Rows with a `service` tag, summed into `lines`. */
  rowsIngested: number;
  rowsRejected: number;
  /** Valid rows without a `service` tag. */
  rowsUnattributed: number;
  unattributedMicros: number;
  /** The first `maxErrors` rejected rows, by the line each starts on. */
  errors: IngestRowError[];
}

/**
 * Options of `readFocus`.
 *
 * @public
 */
export interface ReadFocusOptions {
  /** How many row errors to list (all are counted); default 1000. */
  maxErrors?: number;
  /** Aborts reading; `readFocus` then rejects with an `AbortError`. */
  signal?: AbortSignal;
}
