import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DatabaseCostStore } from '../database/DatabaseCostStore';
import { ActualsIngester, FocusDirectoryProvider } from './ActualsIngester';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const HEADER =
  'BillingCurrency,ChargePeriodStart,ChargePeriodEnd,EffectiveCost,ProviderName,Tags';
const row = (service: string, cost: string) =>
  `USD,2026-10-01T00:00:00Z,2026-10-02T00:00:00Z,${cost},AWS,"{""service"":""${service}"",""environment"":""prod""}"`;

describe('FocusDirectoryProvider', () => {
  let directory: string;
  let store: DatabaseCostStore;
  let ingester: ActualsIngester;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'pave-focus-'));
    store = await DatabaseCostStore.create({
      knex: await databases.init('SQLITE_3'),
    });
    ingester = new ActualsIngester({
      store,
      logger: mockServices.logger.mock(),
    });
  });
  afterEach(() => rm(directory, { recursive: true, force: true }));

  it('ingests each CSV and gzipped CSV once, and a restated file again', async () => {
    await writeFile(
      join(directory, 'aws-2026-10.csv'),
      [HEADER, row('orders', '10')].join('\n'),
    );
    await writeFile(
      join(directory, 'gcp-2026-10.csv.gz'),
      gzipSync(
        [
          HEADER.replace('AWS', 'x'),
          row('refunds', '2.5').replace('AWS', 'Google Cloud'),
        ].join('\n'),
      ),
    );
    await writeFile(join(directory, 'README.txt'), 'not billing data');
    const provider = new FocusDirectoryProvider({ directory, store });

    const first = await provider.collect(ingester);
    expect(first.map(r => [r.status, r.months])).toEqual([
      ['ingested', ['aws:2026-10']],
      ['ingested', ['gcp:2026-10']],
    ]);
    expect(await provider.collect(ingester)).toEqual([]);

    // AWS restates October: the file changes, October is replaced.
    await writeFile(
      join(directory, 'aws-2026-10.csv'),
      [HEADER, row('orders', '12'), row('orders', '1')].join('\n'),
    );
    const restated = await provider.collect(ingester);
    expect(restated).toHaveLength(1);
    const rows = await store.actualsOf(
      ['component:default/orders', 'component:default/refunds'],
      '2026-10',
    );
    expect(rows.map(r => [r.entityRef, r.micros])).toEqual([
      ['component:default/orders', 13_000_000],
      ['component:default/refunds', 2_500_000],
    ]);
  });

  it('records a file that is not FOCUS as refused and ingests the others', async () => {
    await writeFile(
      join(directory, 'a-invoice.csv'),
      'Date,Amount\n2026-10-01,5\n',
    );
    await writeFile(
      join(directory, 'b-aws.csv'),
      [HEADER, row('orders', '1')].join('\n'),
    );
    const reports = await new FocusDirectoryProvider({
      directory,
      store,
    }).collect(ingester);
    expect(reports.map(r => r.status)).toEqual(['failed', 'ingested']);
    expect(reports[0].failure).toMatch(/Not a FOCUS export/);
  });

  it('creates a directory that does not exist yet', async () => {
    const missing = join(directory, 'billing');
    expect(
      await new FocusDirectoryProvider({ directory: missing, store }).collect(
        ingester,
      ),
    ).toEqual([]);
  });
});
