import { LoggerService } from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import { IngestReport } from '@pave/plugin-cost-common';
import { Readable } from 'node:stream';
import { DatabaseCostStore } from '../database/DatabaseCostStore';
import { CostActualsIngester, readFocus } from '@pave/plugin-cost-node';

/**
 * Reads FOCUS files and stores their sums: good rows in one transaction
 * with the report, bad rows reported by line, a file that is not FOCUS at
 * all refused as a whole (and recorded as refused) with nothing written.
 *
 * @public
 */
export class ActualsIngester implements CostActualsIngester {
  constructor(
    private readonly deps: { store: DatabaseCostStore; logger: LoggerService },
  ) {}

  async ingest(
    input: Readable,
    options: { source: string; signal?: AbortSignal },
  ): Promise<IngestReport> {
    const startedAt = new Date();
    let batch;
    try {
      batch = await readFocus(input, { signal: options.signal });
    } catch (error) {
      if (isError(error) && error.name === 'InputError') {
        const report = await this.deps.store.recordFailedIngest({
          source: options.source,
          startedAt,
          failure: error.message,
        });
        this.deps.logger.warn(
          `FOCUS file ${options.source} refused: ${error.message}`,
        );
        return report;
      }
      throw error;
    }
    const report = await this.deps.store.ingest(batch, {
      source: options.source,
      startedAt,
    });
    this.deps.logger.info(
      `FOCUS file ${options.source}: ${report.rowsIngested} rows ingested, ${
        report.rowsRejected
      } rejected, ${report.rowsUnattributed} unattributed; replaced ${
        report.months.join(', ') || 'no months'
      }`,
    );
    return report;
  }

  hasIngested(source: string): Promise<boolean> {
    return this.deps.store.hasIngested(source);
  }
}
