/*
 * The price-list readers on records in the vendors' formats: the files in
 * pricing/sources/ (one per service family, with look-alike records) and
 * variations of them with the awkward parts and broken ones.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  readAwsOfferCsv,
  readAwsOfferJson,
  readAzureRetailPages,
  readGcpSkuPages,
} from './vendorPrices';

const SOURCES = resolve(__dirname, '../../../../../pricing/sources');
const source = (path: string) => readFileSync(`${SOURCES}/${path}`, 'utf8');

describe('AWS offer files (JSON)', () => {
  const rds = source('aws/AmazonRDS-eu-west-1.json');
  const prices = readAwsOfferJson(rds, 'AmazonRDS-eu-west-1.json');
  const bySku = (sku: string) => prices.find(p => p.vendorSku === sku)!;

  it('keeps on-demand rates only and strips the region prefix of usage types', () => {
    const small = bySku('pave-rds-postgresql-t4g.small-single-az-eu-west-1');
    expect(small).toMatchObject({
      regions: ['eu-west-1'],
      unit: 'Hrs',
      // The SKU also has a reserved term (an upfront fee): left out.
      tiers: [{ start: 0, usd: 0.035 }],
      effectiveDate: '2026-06-01',
      attributes: expect.objectContaining({
        productFamily: 'Database Instance',
        databaseEngine: 'PostgreSQL',
        deploymentOption: 'Single-AZ',
        usagetype: 'InstanceUsage:db.t4g.small',
      }),
    });
  });

  it('reads Multi-AZ SKUs, whose usage types abbreviate the size', () => {
    expect(
      bySku('pave-rds-postgresql-r7g.xlarge-multi-az-eu-west-1').attributes,
    ).toMatchObject({
      deploymentOption: 'Multi-AZ',
      usagetype: 'Multi-AZUsage:db.r7g.xl',
    });
  });

  it('reads tiers with an open end (SQS requests)', () => {
    const [standard] = readAwsOfferJson(
      source('aws/AWSQueueService-eu-central-1.json'),
      'sqs.json',
    );
    expect(standard).toMatchObject({
      unit: 'Requests',
      tiers: [
        { start: 0, end: 100e9, usd: 4e-7 },
        { start: 100e9, end: 200e9, usd: 3e-7 },
        { start: 200e9, usd: 2.4e-7 },
      ],
    });
    expect(standard.attributes.usagetype).toBe('Requests-Tier1');
  });

  it('refuses a usage type billed in another region than its regionCode', () => {
    const moved = rds.replace(
      '"usagetype": "EU-InstanceUsage:db.t4g.small"',
      '"usagetype": "EUC1-InstanceUsage:db.t4g.small"',
    );
    expect(moved).not.toBe(rds);
    expect(() => readAwsOfferJson(moved, 'AmazonRDS-eu-west-1.json')).toThrow(
      'AmazonRDS-eu-west-1.json: SKU pave-rds-postgresql-t4g.small-single-az-eu-west-1: usagetype EUC1-InstanceUsage:db.t4g.small is billed in eu-central-1, but its regionCode is eu-west-1',
    );
  });

  it('refuses what is not an offer file, and prices that are not numbers', () => {
    expect(() => readAwsOfferJson('{"products": {}}', 'x.json')).toThrow(
      'x.json: not an AWS offer file: products and terms.OnDemand are required',
    );
    expect(() =>
      readAwsOfferJson(rds.replace('"0.0350000000"', '"n/a"'), 'x.json'),
    ).toThrow(/price "n\/a" is not a decimal number/);
  });
});

describe('AWS offer files (CSV)', () => {
  const csv = source('aws/AmazonElastiCache-eu-central-1.csv');

  it('reads the rows under the header, on-demand only, with JSON attribute names', () => {
    const prices = readAwsOfferCsv(csv, 'cache.csv');
    const redis = prices.find(
      p => p.vendorSku === 'pave-elasticache-redis-t4g.small-eu-central-1',
    );
    expect(redis).toMatchObject({
      regions: ['eu-central-1'],
      unit: 'Hrs',
      tiers: [{ start: 0, usd: 0.036 }],
      attributes: expect.objectContaining({
        productFamily: 'Cache Instance',
        servicecode: 'AmazonElastiCache',
        instanceType: 'cache.t4g.small',
        cacheEngine: 'Redis',
        regionCode: 'eu-central-1',
        usagetype: 'NodeUsage:cache.t4g.small',
      }),
    });
    // three classes × (Redis, Valkey); the reserved row is not a price
    expect(prices).toHaveLength(6);
  });

  it('refuses a file without the metadata rows or the price columns', () => {
    const lines = csv.split('\n');
    expect(() =>
      readAwsOfferCsv(lines.slice(5).join('\n'), 'cache.csv'),
    ).toThrow(/not an AWS offer file in CSV/);
    const header = lines[5].replace('"PricePerUnit",', '');
    expect(() =>
      readAwsOfferCsv(
        [...lines.slice(0, 5), header, ...lines.slice(6)].join('\n'),
        'cache.csv',
      ),
    ).toThrow('cache.csv: line 6: header lacks PricePerUnit');
  });
});

describe('Azure Retail Prices pages', () => {
  it('keeps consumption prices of the primary meter region', () => {
    const prices = readAzureRetailPages([
      { content: source('azure/psql-flexible-server.json'), file: 'p.json' },
    ]);
    const b1ms = prices.filter(
      p => p.attributes.skuName === 'B1MS' && p.regions[0] === 'westeurope',
    );
    // The same meter's reservation (a year's price under "1 Hour") and
    // dev/test rows are not pay-as-you-go prices.
    expect(b1ms).toEqual([
      expect.objectContaining({
        vendorSku: 'pave-psql-b1ms-westeurope',
        unit: '1 Hour',
        tiers: [{ start: 0, usd: 0.021 }],
      }),
    ]);
  });

  it('turns tierMinimumUnits into tiers', () => {
    const prices = readAzureRetailPages([
      { content: source('azure/storage-blob.json'), file: 'b.json' },
    ]);
    const zrs = prices.find(
      p => p.vendorSku === 'pave-blob-hot-zrs-westeurope',
    )!;
    expect(zrs.unit).toBe('1 GB/Month');
    expect(zrs.tiers.map(t => [t.start, t.end])).toEqual([
      [0, 51200],
      [51200, 512000],
      [512000, undefined],
    ]);
  });

  it('refuses a page without Items and two prices for one tier', () => {
    expect(() =>
      readAzureRetailPages([{ content: '{"Count": 0}', file: 'a.json' }]),
    ).toThrow('a.json: not a Retail Prices API page: Items is required');
    const page = JSON.parse(source('azure/redis-cache.json'));
    page.Items.push({ ...page.Items[0], retailPrice: 1 });
    expect(() =>
      readAzureRetailPages([{ content: JSON.stringify(page), file: 'r.json' }]),
    ).toThrow(/two prices for the same tierMinimumUnits/);
  });
});

describe('Cloud Billing Catalog pages', () => {
  it('reads units and nanos, tiers, and on-demand SKUs only', () => {
    const prices = readGcpSkuPages([
      { content: source('gcp/pubsub.json'), file: 'pubsub.json' },
      { content: source('gcp/compute-engine.json'), file: 'gce.json' },
    ]);
    expect(prices.find(p => p.vendorSku === '027D-B6C7-CCA2')).toMatchObject({
      regions: ['global'],
      unit: 'TiBy',
      tiers: [
        { start: 0, end: 0.009765625, usd: 0 },
        { start: 0.009765625, usd: 40 },
      ],
      effectiveDate: '2026-08-01',
      attributes: expect.objectContaining({
        description: 'Message Delivery Basic',
        serviceDisplayName: 'Cloud Pub/Sub',
      }),
    });
    expect(prices.map(p => p.attributes.description)).not.toContain(
      'Spot Preemptible E2 Instance Core running in Belgium',
    );
    const memorystore = readGcpSkuPages([
      { content: source('gcp/memorystore-redis.json'), file: 'm.json' },
    ]);
    expect(
      memorystore.find(p => p.vendorSku === '7C15-0A2D-E4B9')?.tiers,
    ).toEqual([{ start: 0, usd: 0.049 }]);
  });

  it('refuses a SKU without a price expression', () => {
    const page = {
      skus: [
        {
          skuId: 'AAAA-BBBB-CCCC',
          category: { usageType: 'OnDemand' },
          pricingInfo: [],
        },
      ],
    };
    expect(() =>
      readGcpSkuPages([{ content: JSON.stringify(page), file: 'g.json' }]),
    ).toThrow(
      'g.json: skus[0] (AAAA-BBBB-CCCC): pricingInfo[0].pricingExpression.tieredRates is required',
    );
  });
});
