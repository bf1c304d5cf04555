import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { IngestReport } from '@pave/plugin-cost-common';
import { Readable } from 'node:stream';

/**
 * What the cost plugin gives a source of actual spend: it reads a FOCUS
 * export and stores its sums (good rows in one transaction with the
 * report, bad rows reported by line, a file that is not FOCUS refused as
 * a whole), and remembers what it has read.
 *
 * @public
 */
export interface CostActualsIngester {
  /** Ingests one FOCUS export (CSV text) under a name for reports and logs. */
  ingest(
    input: Readable,
    options: { source: string; signal?: AbortSignal },
  ): Promise<IngestReport>;
  /** Whether a file of that name was ingested (or refused) before. */
  hasIngested(source: string): Promise<boolean>;
}

/**
 * A source of actual spend: FOCUS files in a directory
 * (`@pave/plugin-cost-backend-module-focus-directory`), a billing API, a
 * warehouse query. The cost plugin calls `collect` on its schedule
 * (`pave.cost.actuals.frequencyMinutes`).
 *
 * @public
 */
export interface CostActualsProvider {
  /** Names the provider in logs and ingest sources (`focus-directory`). */
  readonly id: string;
  /** Ingests whatever billing data is new; one report per file. */
  collect(ingester: CostActualsIngester): Promise<IngestReport[]>;
}

/**
 * Where backend modules add sources of actual spend to the cost plugin.
 *
 * @public
 */
export interface CostActualsExtensionPoint {
  addActualsProvider(provider: CostActualsProvider): void;
}

/** @public */
export const costActualsExtensionPoint =
  createExtensionPoint<CostActualsExtensionPoint>({
    id: 'cost.actuals',
  });
