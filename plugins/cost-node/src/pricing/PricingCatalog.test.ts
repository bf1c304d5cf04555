import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { environmentPlan } from '../testUtils/plans';
import { PricingCatalog } from './PricingCatalog';

const PRICING = resolve(__dirname, '../../../../pricing');

describe('PricingCatalog', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pave-pricing-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads the repository catalog, with its price date', async () => {
    const catalog = await PricingCatalog.fromDirectory(PRICING);
    expect(catalog.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('fails a bad entry naming the file and the entry', async () => {
    await writeFile(
      join(dir, 'aws.yaml'),
      [
        'provider: aws',
        'currency: USD',
        "asOf: '2025-06-01'",
        'entries:',
        '  - id: s3-standard',
        '    service: Amazon S3',
        '    terraformType: aws_s3_bucket',
        '    component: storage',
        '    regions: [eu-west-1]',
        '    unit: GB-month',
        '    usd: -1',
        '    quantity: storageGb',
        '    source: https://aws.amazon.com/s3/pricing/',
      ].join('\n'),
    );
    await expect(PricingCatalog.fromDirectory(dir)).rejects.toThrow(
      `${join(dir, 'aws.yaml')}: entries[0] (s3-standard): usd: `,
    );
  });

  it('fails a file that is not YAML, naming it', async () => {
    await writeFile(join(dir, 'gcp.yaml'), 'entries: [unclosed');
    await expect(PricingCatalog.fromDirectory(dir)).rejects.toThrow(
      `${join(dir, 'gcp.yaml')}: not valid YAML`,
    );
  });

  it('fails an empty directory', async () => {
    await expect(PricingCatalog.fromDirectory(dir)).rejects.toThrow(
      /No pricing files/,
    );
  });

  it('prices each bill component with the most specific entry', async () => {
    const catalog = await PricingCatalog.fromDirectory(PRICING);
    const db = environmentPlan('aws', 'dev').resources.find(
      r => r.address === 'aws_db_instance.db',
    )!;
    const price = catalog.price(db);
    expect(price.status).toBe('priced');
    expect(
      price.status === 'priced' && price.entries.map(e => e.id).sort(),
    ).toEqual([
      'rds-gp3-storage-eu-west-1',
      'rds-postgres-db.t4g.small-eu-west-1',
    ]);
  });

  it('says why a record is unpriced: unknown SKU or region', async () => {
    const catalog = await PricingCatalog.fromDirectory(PRICING);
    const db = environmentPlan('aws', 'dev').resources.find(
      r => r.address === 'aws_db_instance.db',
    )!;
    expect(catalog.price({ ...db, sku: 'db.x9.huge' })).toEqual({
      status: 'unpriced',
      reason:
        'The aws pricing catalog has no price for aws_db_instance db.x9.huge (database)',
    });
    expect(catalog.price({ ...db, region: 'us-east-1' })).toEqual({
      status: 'unpriced',
      reason:
        'No price for aws_db_instance db.t4g.small (database) in us-east-1 (priced in eu-west-1, eu-central-1)',
    });
    expect(
      catalog.price({
        ...db,
        terraformType: 'aws_rds_cluster',
        sku: undefined,
      }),
    ).toEqual({
      status: 'unpriced',
      reason:
        'The aws pricing catalog has no price for aws_rds_cluster (database)',
    });
  });
});
