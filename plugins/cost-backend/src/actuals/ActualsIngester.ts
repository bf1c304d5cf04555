import { LoggerService } from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import { IngestReport } from '@pave/plugin-cost-common';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { DatabaseCostStore } from '../database/DatabaseCostStore';
import { readFocus } from './focus';

/**
 * A source of actual spend. Pave ships {@link FocusDirectoryProvider};
 * others (a billing API, a warehouse query) implement the same shape and
 * hand FOCUS streams to the ingester.
 *
 * @public
 */
export interface CostActualsProvider {
  /** Names the provider in logs (`focus-directory`). */
  readonly id: string;
  /** Ingests whatever billing data is new; one report per file. */
  collect(ingester: ActualsIngester): Promise<IngestReport[]>;
}

/**
 * Reads FOCUS files and stores their sums: good rows in one transaction
 * with the report, bad rows reported by line, a file that is not FOCUS at
 * all refused as a whole (and recorded as refused) with nothing written.
 *
 * @public
 */
export class ActualsIngester {
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
}

/**
 * FOCUS files dropped in a directory (where the clouds' scheduled exports
 * are synced: AWS Data Exports to S3, GCP BigQuery exports, Azure Cost
 * Management exports). Each `*.csv` or `*.csv.gz` is ingested once per
 * name, size and modification time — a restated export is ingested again
 * and replaces the months it covers.
 *
 * @public
 */
export class FocusDirectoryProvider implements CostActualsProvider {
  readonly id = 'focus-directory';

  constructor(
    private readonly options: {
      directory: string;
      store: DatabaseCostStore;
    },
  ) {}

  async collect(ingester: ActualsIngester): Promise<IngestReport[]> {
    // The export sync may not have run yet: an empty directory, not an error.
    await mkdir(this.options.directory, { recursive: true });
    const names = (await readdir(this.options.directory))
      .filter(name => /\.csv(\.gz)?$/i.test(name))
      .sort();
    const reports: IngestReport[] = [];
    for (const name of names) {
      const path = join(this.options.directory, name);
      const info = await stat(path);
      if (!info.isFile()) continue;
      const source = `${this.id}:${basename(path)}@${info.size}:${Math.trunc(
        info.mtimeMs,
      )}`;
      if (await this.options.store.hasIngested(source)) continue;
      const raw = createReadStream(path);
      const input = /\.gz$/i.test(name) ? raw.pipe(createGunzip()) : raw;
      try {
        reports.push(await ingester.ingest(input, { source }));
      } finally {
        raw.destroy();
      }
    }
    return reports;
  }
}
