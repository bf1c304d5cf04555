/*
 * FOCUS ingest benchmark: reading a billing export. Prints figures; asserts nothing.
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/focusIngest.ts
 * Streams a BENCH_ROWS-row (default 1,000,000) FOCUS 1.0 CSV with the AWS
 * Data Exports columns to a temp file (500 services × 3 environments × 30
 * days × ~23 SKU rows, 1 % unattributed, 0.01 % bad rows), then times
 * readFocus(createReadStream(file)) in the same process: rows/s, MB/s,
 * lines produced, and memory — rss and heapUsed sampled every 50 ms while
 * reading, and the process's max RSS before and after. The sums are
 * checked against the generator's exact ones. Then the same file is
 * uploaded to the cost plugin's `POST /api/cost/actuals/focus` on a backend
 * of its own (SQLite in memory): the ingest end to end, as the platform team
 * runs it. BENCH_KEEP=1 keeps the file.
 */
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFocus } from '@pave/plugin-cost-node';
import { writeFocusFile } from '@pave/plugin-cost-node/testUtils';
import Knex from 'knex';
import { Readable } from 'node:stream';
import { asScaffolder, startCostBackend } from './costBackend';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const MB = 1024 * 1024;

function mb(bytes: number) {
  return `${(bytes / MB).toFixed(0)} MB`;
}

async function main() {
  const file = join(tmpdir(), `pave-focus-bench-${process.pid}.csv`);
  try {
    const genStart = process.hrtime.bigint();
    const expected = await writeFocusFile(file, ROWS);
    const genS = Number(process.hrtime.bigint() - genStart) / 1e9;
    console.log(
      `FOCUS ingest: ${ROWS} rows, ${mb(
        expected.bytes,
      )} written in ${genS.toFixed(1)} s (${file})`,
    );

    (globalThis as { gc?: () => void }).gc?.();
    const before = process.memoryUsage();
    const maxRssBefore = process.resourceUsage().maxRSS * 1024;
    let peakRss = before.rss;
    let peakHeap = before.heapUsed;
    const sampler = setInterval(() => {
      const now = process.memoryUsage();
      peakRss = Math.max(peakRss, now.rss);
      peakHeap = Math.max(peakHeap, now.heapUsed);
    }, 50);

    const start = process.hrtime.bigint();
    const result = await readFocus(createReadStream(file));
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    clearInterval(sampler);
    const maxRssAfter = process.resourceUsage().maxRSS * 1024;

    const attributed = result.lines.reduce((sum, l) => sum + l.micros, 0);
    const exact =
      attributed === expected.attributedMicros &&
      result.unattributedMicros === expected.unattributedMicros &&
      result.rowsRejected === expected.badRows &&
      result.rowsUnattributed === expected.unattributedRows &&
      result.lines.length === expected.lines;

    console.log(
      '   rows read   rows/s     MB/s   seconds   lines   periods   rejected   unattributed',
    );
    console.log(
      `   ${String(result.rowsRead).padStart(9)} ${Math.round(
        result.rowsRead / seconds,
      )
        .toString()
        .padStart(8)} ${(expected.bytes / MB / seconds)
        .toFixed(1)
        .padStart(8)} ${seconds.toFixed(1).padStart(9)} ${String(
        result.lines.length,
      ).padStart(7)} ${String(result.periods.length).padStart(9)} ${String(
        result.rowsRejected,
      ).padStart(10)} ${String(result.rowsUnattributed).padStart(14)}`,
    );
    console.log(
      `\n   memory while reading: rss ${mb(before.rss)} before, peak ${mb(
        peakRss,
      )} (+${mb(peakRss - before.rss)}); heapUsed ${mb(
        before.heapUsed,
      )} before, peak ${mb(peakHeap)} (+${mb(peakHeap - before.heapUsed)})`,
    );
    console.log(
      `   process max RSS: ${mb(maxRssBefore)} before reading, ${mb(
        maxRssAfter,
      )} after`,
    );
    // The ingest end to end: the upload streams the file to the cost
    // plugin, which reads it again and replaces its provider months.
    const knex = Knex({
      client: 'better-sqlite3',
      connection: { filename: ':memory:' },
      useNullAsDefault: true,
    });
    const { backend, baseUrl } = await startCostBackend({
      knex,
      entities: [],
    });
    try {
      const uploadStart = process.hrtime.bigint();
      const res = await fetch(`${baseUrl}/actuals/focus?source=bench.csv`, {
        method: 'POST',
        headers: { Authorization: asScaffolder, 'content-type': 'text/csv' },
        body: Readable.toWeb(createReadStream(file)) as ReadableStream,
        duplex: 'half',
      } as RequestInit);
      const report = await res.json();
      const uploadS = Number(process.hrtime.bigint() - uploadStart) / 1e9;
      if (res.status !== 200) {
        throw new Error(`upload: ${res.status} ${JSON.stringify(report)}`);
      }
      console.log(
        `   upload to POST /api/cost/actuals/focus: ${
          report.rowsIngested
        } rows ingested in ${uploadS.toFixed(1)} s, ${(
          report.rowsRead / uploadS
        ).toFixed(0)} rows/s end to end`,
      );
    } finally {
      await backend.stop();
    }
    console.log(
      `   sums ${
        exact ? 'exact' : 'DIFFER'
      }: ${attributed} µUSD attributed (expected ${
        expected.attributedMicros
      }), ${result.unattributedMicros} unattributed (expected ${
        expected.unattributedMicros
      }); ${result.errors.length} errors listed, first: line ${
        result.errors[0]?.line
      }: ${result.errors[0]?.message}`,
    );
  } finally {
    if (!process.env.BENCH_KEEP) {
      await rm(file, { force: true });
    }
  }
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
