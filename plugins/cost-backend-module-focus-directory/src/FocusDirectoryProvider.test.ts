import { IngestReport } from '@pave/plugin-cost-common';
import { CostActualsIngester, readFocus } from '@pave/plugin-cost-node';
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { FocusDirectoryProvider } from './FocusDirectoryProvider';

const HEADER =
  'BillingCurrency,ChargePeriodStart,ChargePeriodEnd,EffectiveCost,ProviderName,Tags';
const row = (service: string, cost: string, provider = 'AWS') =>
  `USD,2026-10-01T00:00:00Z,2026-10-02T00:00:00Z,${cost},${provider},"{""service"":""${service}"",""environment"":""prod""}"`;

/**
 * The cost plugin's side of the contract, with the real FOCUS reader: what
 * it read per source (the store is the cost backend's to test).
 */
class ReadingIngester implements CostActualsIngester {
  readonly read = new Map<string, number>();

  async ingest(
    input: Readable,
    { source }: { source: string },
  ): Promise<IngestReport> {
    const report = {
      source,
      months: [] as string[],
    } as unknown as IngestReport;
    try {
      const batch = await readFocus(input);
      this.read.set(source, batch.rowsIngested);
      return {
        ...report,
        status: 'ingested',
        months: batch.periods.map(p => `${p.provider}:${p.month}`),
      };
    } catch (error) {
      this.read.set(source, -1);
      return { ...report, status: 'failed', failure: (error as Error).message };
    }
  }

  async hasIngested(source: string) {
    return this.read.has(source);
  }
}

describe('FocusDirectoryProvider', () => {
  let directory: string;
  let ingester: ReadingIngester;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'pave-focus-'));
    ingester = new ReadingIngester();
  });
  afterEach(() => rm(directory, { recursive: true, force: true }));

  it('hands over each CSV and gzipped CSV once, and a restated file again', async () => {
    const aws = join(directory, 'aws-2026-10.csv');
    await writeFile(aws, [HEADER, row('orders', '10')].join('\n'));
    await writeFile(
      join(directory, 'gcp-2026-10.csv.gz'),
      gzipSync([HEADER, row('refunds', '2.5', 'Google Cloud')].join('\n')),
    );
    await writeFile(join(directory, 'README.txt'), 'not billing data');
    const provider = new FocusDirectoryProvider({ directory });

    const first = await provider.collect(ingester);
    expect(first.map(r => [r.status, r.months])).toEqual([
      ['ingested', ['aws:2026-10']],
      ['ingested', ['gcp:2026-10']],
    ]);
    expect([...ingester.read.keys()]).toEqual([
      expect.stringMatching(/^focus-directory:aws-2026-10\.csv@\d+:\d+$/),
      expect.stringMatching(/^focus-directory:gcp-2026-10\.csv\.gz@\d+:\d+$/),
    ]);
    expect(await provider.collect(ingester)).toEqual([]);

    // AWS restates October: a new size and time, so it is read again.
    await writeFile(
      aws,
      [HEADER, row('orders', '12'), row('orders', '1')].join('\n'),
    );
    await utimes(aws, new Date(), new Date(Date.now() + 60_000));
    const restated = await provider.collect(ingester);
    expect(restated.map(r => r.source)).toEqual([
      expect.stringMatching(/^focus-directory:aws-2026-10\.csv@/),
    ]);
    expect([...ingester.read.values()]).toEqual([1, 1, 2]);
  });

  it('hands over a file that is not FOCUS too, so it is recorded as refused', async () => {
    await writeFile(
      join(directory, 'a-invoice.csv'),
      'Date,Amount\n2026-10-01,5\n',
    );
    await writeFile(
      join(directory, 'b-aws.csv'),
      [HEADER, row('orders', '1')].join('\n'),
    );
    const reports = await new FocusDirectoryProvider({ directory }).collect(
      ingester,
    );
    expect(reports.map(r => r.status)).toEqual(['failed', 'ingested']);
    expect(reports[0].failure).toMatch(/Not a FOCUS export/);
  });

  it('creates a directory that does not exist yet', async () => {
    const missing = join(directory, 'billing');
    expect(
      await new FocusDirectoryProvider({ directory: missing }).collect(
        ingester,
      ),
    ).toEqual([]);
  });
});
