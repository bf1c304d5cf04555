/*
 * The importer end to end: the committed catalog is exactly what the
 * mapping and the price lists generate, and a run that cannot map every
 * rule to exactly one SKU writes nothing.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseYaml, stringify } from 'yaml';
import { downloadPriceLists } from './download';
import {
  PricingImportError,
  buildCatalog,
  importPricing,
  readPriceLists,
} from './importCatalog';
import { parseMappingFile } from './mapping';

const PRICING = resolve(__dirname, '../../../../../pricing');

type Entry = Record<string, any>;

async function catalogEntries(cloud: string): Promise<Entry[]> {
  return parseYaml(await readFile(join(PRICING, `${cloud}.yaml`), 'utf8'))
    .entries;
}

describe('importPricing', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pave-pricing-'));
    await cp(PRICING, dir, { recursive: true });
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('reproduces pricing/*.yaml from the mapping and the price lists', async () => {
    const outcome = await importPricing({ pricingDir: PRICING, write: false });
    expect(
      outcome.files.map(f => ({
        cloud: f.cloud,
        unchanged: f.unchanged,
        changes: f.changes,
      })),
    ).toEqual([
      { cloud: 'aws', unchanged: true, changes: [] },
      { cloud: 'azure', unchanged: true, changes: [] },
      { cloud: 'gcp', unchanged: true, changes: [] },
    ]);
    expect(outcome.verification.unchanged).toBe(true);
    expect(outcome.verification.text).toMatch(/\| all \| \d+ \| \d+ \| \d+ \|/);
  });

  it('carries the corrections found in public price data', async () => {
    const usd = async (cloud: string, id: string) =>
      (await catalogEntries(cloud)).find(e => e.id === id)?.usd;
    // Cloud SQL Belgium through the EMEA SKUs: 1 vCPU + 3.75 GiB etc.
    expect(await usd('gcp', 'cloudsql-db-custom-1-3840-europe-west1')).toBe(
      0.06755,
    );
    expect(await usd('gcp', 'cloudsql-db-custom-2-7680-europe-west1')).toBe(
      0.1351,
    );
    expect(await usd('gcp', 'cloudsql-db-custom-8-30720-europe-west1')).toBe(
      0.5404,
    );
    expect(await usd('gcp', 'cloudsql-ssd-storage-europe-west1')).toBe(0.17);
    expect(await usd('gcp', 'cloudsql-ssd-storage-europe-west3')).toBe(0.204);
    // Memorystore Belgium at Iowa's price per GiB-hour
    expect(await usd('gcp', 'memorystore-redis-basic-16gb-europe-west1')).toBe(
      0.368,
    );
    expect(await usd('aws', 'sns-fifo-topic-eu-west-1')).toBe(0.33);
    expect(await usd('aws', 'elasticache-cache.t4g.small-eu-west-1')).toBe(
      0.034,
    );
    expect(await usd('aws', 'elasticache-cache.t4g.small-eu-central-1')).toBe(
      0.036,
    );
    for (const region of ['eu-west-1', 'eu-central-1']) {
      expect(await usd('aws', `rds-mysql-db.t4g.small-${region}`)).toBe(
        await usd('aws', `rds-postgres-db.t4g.small-${region}`),
      );
    }
    expect(await usd('aws', 'rds-mysql-db.t4g.small-eu-central-1')).toBe(0.037);
    // Azure Premium: two nodes per cache, the meter bills each
    const premium = (await catalogEntries('azure')).find(
      e => e.id === 'redis-premium-p1-westeurope',
    )!;
    expect(premium).toMatchObject({
      usd: 0.609,
      highAvailability: 'included',
      note: expect.stringContaining('2 × node at 0.3045 USD/1 Hour'),
    });
  });

  it('records the vendor SKUs, the effective date and the provenance of every price', async () => {
    for (const cloud of ['aws', 'azure', 'gcp']) {
      for (const entry of await catalogEntries(cloud)) {
        if (entry.free || entry.unpriced) continue;
        expect({
          id: entry.id,
          skus: entry.vendorSkus.length > 0,
          asOf: /^\d{4}-\d{2}-\d{2}$/.test(String(entry.asOf)),
          provenance: Boolean(entry.verified) !== Boolean(entry.unverified),
        }).toEqual({ id: entry.id, skus: true, asOf: true, provenance: true });
      }
    }
    const belgium = (await catalogEntries('gcp')).find(
      e => e.id === 'memorystore-redis-basic-1gb-europe-west1',
    );
    expect(belgium).toMatchObject({
      vendorSkus: ['7C15-0A2D-E4B9'],
      asOf: '2026-08-01',
      verified: { date: '2026-08-01' },
    });
  });

  async function editMapping(cloud: string, edit: (m: any) => void) {
    const path = join(dir, 'mapping', `${cloud}.yaml`);
    const mapping = parseYaml(await readFile(path, 'utf8'));
    edit(mapping);
    await writeFile(path, stringify(mapping));
  }

  async function refusal(): Promise<string[]> {
    const before = await readFile(join(dir, 'aws.yaml'), 'utf8');
    const error = await importPricing({ pricingDir: dir, write: true }).then(
      () => undefined,
      e => e,
    );
    expect(error).toBeInstanceOf(PricingImportError);
    // Nothing is written, not even the clouds without problems.
    expect(await readFile(join(dir, 'aws.yaml'), 'utf8')).toBe(before);
    return (error as PricingImportError).problems;
  }

  it('refuses to write when a rule matches no SKU', async () => {
    await editMapping('aws', m => {
      m.rules[0].price[0].match.instanceType = 'db.t4g.tiny';
    });
    await writeFile(join(dir, 'aws.yaml'), 'old content');
    const problems = await refusal();
    expect(problems).toEqual([
      expect.stringMatching(
        /^aws: rds-postgres-db\.t4g\.small-eu-west-1: unmapped: no SKU of AmazonRDS in eu-west-1 has productFamily="Database Instance" .*instanceType="db\.t4g\.tiny"/,
      ),
      expect.stringMatching(
        /^aws: rds-postgres-db\.t4g\.small-eu-central-1: unmapped/,
      ),
    ]);
  });

  it('refuses to write when a rule matches several SKUs, naming them', async () => {
    await editMapping('aws', m => {
      // Without the deployment option and usage type, Single-AZ, Multi-AZ
      // and the Multi-AZ cluster SKUs of db.m7g.large all match.
      const rule = m.rules.find(
        (r: any) => r.id === 'rds-postgres-db.m7g.large-{region}',
      );
      delete rule.price[0].match.deploymentOption;
      delete rule.price[0].match.usagetype;
      delete rule.price[0].match.licenseModel;
      rule.regions = ['eu-west-1'];
      rule.id = 'rds-postgres-db.m7g.large-eu-west-1';
    });
    expect(await refusal()).toEqual([
      expect.stringMatching(
        /^aws: rds-postgres-db\.m7g\.large-eu-west-1: ambiguous: 3 SKUs of AmazonRDS in eu-west-1 have .*\(pave-rds-postgresql-m7g\.large-single-az-eu-west-1 in .*AmazonRDS-eu-west-1\.json, .*\); narrow the match$/,
      ),
    ]);
  });

  it('refuses a unit other than the mapping expects, and an assembled SKU without provenance', async () => {
    await editMapping('gcp', m => {
      m.rules.find(
        (r: any) => r.id === 'cloudsql-ssd-storage-{region}',
      ).price[0].unit = 'GiBy.h';
    });
    const provenancePath = join(
      dir,
      'sources/azure/redis-cache.json.provenance.yaml',
    );
    const provenance = parseYaml(await readFile(provenancePath, 'utf8'));
    delete provenance.skus['pave-redis-basic-c1-westeurope'];
    await writeFile(provenancePath, stringify(provenance));
    const problems = await refusal();
    expect(problems).toContain(
      'azure: redis-basic-c1-westeurope: ' +
        `${join(
          dir,
          'sources/azure/redis-cache.json',
        )} is assembled by hand and its provenance file says nothing about pave-redis-basic-c1-westeurope`,
    );
    expect(problems).toContain(
      'gcp: cloudsql-ssd-storage-europe-west1: pave-sql-pg-zonal-storage-emea is priced per "GiBy.mo", the mapping expects "GiBy.h"',
    );
  });

  it('refuses a price list without a provenance file next to it', async () => {
    await rm(join(dir, 'sources/gcp/pubsub.json.provenance.yaml'));
    await expect(
      importPricing({ pricingDir: dir, write: true, clouds: ['gcp'] }),
    ).rejects.toThrow(
      `${join(
        dir,
        'sources/gcp/pubsub.json',
      )}: no pubsub.json.provenance.yaml next to it saying where its prices come from`,
    );
  });

  it('picks the tier the mapping names and reports changes by how much', async () => {
    await editMapping('gcp', m => {
      // At 0 GiB Pub/Sub's first 10 GiB are free: a 0 price.
      for (const rule of m.rules.filter((r: any) => r.sku === 'pubsub')) {
        if (rule.component === 'throughput') rule.price[0].tierAt = 0;
      }
    });
    const outcome = await importPricing({
      pricingDir: dir,
      write: true,
      clouds: ['gcp'],
    });
    expect(outcome.files[0].changes).toContain(
      '~ pubsub-queue-throughput-europe-west1: 0.0390625 → 0 USD/GiB (-100.0 %)',
    );
    const entries = parseYaml(
      await readFile(join(dir, 'gcp.yaml'), 'utf8'),
    ).entries;
    expect(
      entries.find(
        (e: Entry) => e.id === 'pubsub-topic-throughput-europe-west3',
      ).usd,
    ).toBe(0);
  });
});

describe('downloadPriceLists', () => {
  it('fetches every list with progress, follows Azure pages, keeps only mapped records', async () => {
    const rds = await readFile(
      join(PRICING, 'sources/aws/AmazonRDS-eu-west-1.json'),
      'utf8',
    );
    const redis = JSON.parse(
      await readFile(join(PRICING, 'sources/azure/redis-cache.json'), 'utf8'),
    );
    const requests: string[] = [];
    const server = createServer((req, res) => {
      requests.push(req.url!);
      const url = new URL(req.url!, 'http://127.0.0.1');
      if (
        url.pathname ===
        '/offers/v1.0/aws/AmazonRDS/current/eu-west-1/index.json'
      ) {
        res.setHeader('content-type', 'application/json');
        res.end(rds);
        return;
      }
      if (url.pathname === '/api/retail/prices') {
        const page = Number(url.searchParams.get('page') ?? 1);
        const half = Math.ceil(redis.Items.length / 2);
        const { port } = server.address() as AddressInfo;
        res.end(
          JSON.stringify({
            Items:
              page === 1 ? redis.Items.slice(0, half) : redis.Items.slice(half),
            NextPageLink:
              page === 1
                ? `http://127.0.0.1:${port}/api/retail/prices?page=2`
                : null,
          }),
        );
        return;
      }
      res.statusCode = 404;
      res.end();
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const out = await mkdtemp(join(tmpdir(), 'pave-download-'));
    try {
      const awsMapping = parseMappingFile(
        parseYaml(await readFile(join(PRICING, 'mapping/aws.yaml'), 'utf8')),
        'aws.yaml',
      );
      const rdsRules = awsMapping.rules
        .filter(r => r.price[0].list === 'AmazonRDS')
        .map(r => ({ ...r, regions: ['eu-west-1'] }));
      const progress: string[] = [];
      await downloadPriceLists({
        cloud: 'aws',
        mapping: { ...awsMapping, rules: rdsRules },
        directory: join(out, 'aws'),
        endpoints: { aws: base, azure: base, gcp: base },
        progress: m => progress.push(m),
        today: '2026-12-07',
      });
      expect(progress).toEqual([
        'aws AmazonRDS eu-west-1: downloading',
        'aws AmazonRDS eu-west-1: kept 14 of 16 SKUs',
      ]);
      const lists = await readPriceLists('aws', join(out, 'aws'));
      // The look-alikes nobody maps (gp2, Multi-AZ cluster) are dropped.
      expect(lists.prices).toHaveLength(14);
      const built = buildCatalog({ ...awsMapping, rules: rdsRules }, lists);
      expect(built.problems).toEqual([]);
      expect(
        (built.content.entries as Entry[]).find(
          e => e.id === 'rds-postgres-db.r7g.xlarge-eu-west-1',
        ),
      ).toMatchObject({
        usd: 0.529,
        verified: {
          date: '2026-12-07',
          source: `${base}/offers/v1.0/aws/AmazonRDS/current/eu-west-1/index.json`,
        },
      });

      const azureMapping = parseMappingFile(
        parseYaml(await readFile(join(PRICING, 'mapping/azure.yaml'), 'utf8')),
        'azure.yaml',
      );
      const redisRules = azureMapping.rules
        .filter(r => r.price[0].list === 'Redis Cache')
        .map(r => ({ ...r, regions: ['westeurope'] }));
      await downloadPriceLists({
        cloud: 'azure',
        mapping: { ...azureMapping, rules: redisRules },
        directory: join(out, 'azure'),
        endpoints: { aws: base, azure: base, gcp: base },
        progress: () => {},
        today: '2026-12-07',
      });
      expect(
        requests
          .filter(r => r.startsWith('/api/retail/prices'))
          .map(decodeURIComponent),
      ).toEqual([
        "/api/retail/prices?api-version=2023-01-01-preview&$filter=serviceName eq 'Redis Cache' and armRegionName eq 'westeurope'",
        '/api/retail/prices?page=2',
      ]);
      const azureBuilt = buildCatalog(
        { ...azureMapping, rules: redisRules },
        await readPriceLists('azure', join(out, 'azure')),
      );
      expect(azureBuilt.problems).toEqual([]);
      const caches = (azureBuilt.content.entries as Entry[]).filter(
        e => e.terraformType === 'azurerm_redis_cache',
      );
      // Basic C1, Standard C1-C3, Premium P1-P2, each verified by the download
      expect(caches.map(e => e.verified?.source.startsWith(base))).toEqual(
        Array(6).fill(true),
      );
    } finally {
      server.close();
      await rm(out, { recursive: true, force: true });
    }
  });

  it('says how to go on when the vendor cannot be reached', async () => {
    const mapping = parseMappingFile(
      parseYaml(await readFile(join(PRICING, 'mapping/aws.yaml'), 'utf8')),
      'aws.yaml',
    );
    const out = await mkdtemp(join(tmpdir(), 'pave-download-'));
    // A port nothing listens on: taken, then released.
    const closed = createServer();
    await new Promise<void>(r => closed.listen(0, '127.0.0.1', r));
    const { port } = closed.address() as AddressInfo;
    await new Promise(r => closed.close(r));
    try {
      await expect(
        downloadPriceLists({
          cloud: 'aws',
          mapping,
          directory: out,
          endpoints: { aws: `http://127.0.0.1:${port}`, azure: '', gcp: '' },
          progress: () => {},
          today: '2026-12-07',
        }),
      ).rejects.toThrow(
        `cannot reach 127.0.0.1:${port} (ECONNREFUSED); without network, run offline from the files in pricing/sources/`,
      );
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
