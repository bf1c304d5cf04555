import {
  CostActualsIngester,
  CostActualsProvider,
} from '@pave/plugin-cost-node';
import { IngestReport } from '@pave/plugin-cost-common';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { createGunzip } from 'node:zlib';

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
      /** An absolute path; created when missing. */
      directory: string;
    },
  ) {}

  async collect(ingester: CostActualsIngester): Promise<IngestReport[]> {
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
      if (await ingester.hasIngested(source)) continue;
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
