import { parsePricingFile } from './pricing';

const entry = {
  id: 'sqs-standard-queue',
  service: 'Amazon SQS',
  terraformType: 'aws_sqs_queue',
  role: 'queue',
  sku: 'sqs-standard',
  component: 'requests',
  regions: ['eu-west-1'],
  unit: 'million requests',
  usd: 0.4,
  quantity: 'usage',
  usage: { quantity: 1, assumption: '1 million requests per month' },
  source: 'https://aws.amazon.com/sqs/pricing/',
  vendorSkus: ['A1B2C3D4E5F6G7H8'],
  verified: { date: '2026-11-01', source: 'AWSQueueService offer file' },
};
const file = (entries: unknown[]) => ({
  provider: 'aws',
  currency: 'USD',
  asOf: '2025-06-01',
  entries,
});

describe('parsePricingFile', () => {
  it('stamps provider and asOf on every entry and keeps free ones apart', () => {
    const parsed = parsePricingFile(
      file([
        entry,
        {
          id: 'sg',
          service: 'Amazon VPC',
          terraformType: 'aws_security_group',
          free: { reason: 'Security groups cost nothing.' },
        },
      ]),
      'pricing/aws.yaml',
    );
    expect(parsed.priced).toEqual([
      { ...entry, provider: 'aws', asOf: '2025-06-01' },
    ]);
    expect(parsed.free).toEqual([
      expect.objectContaining({ id: 'sg', provider: 'aws' }),
    ]);
  });

  it('names the file, the entry index and id, and the field', () => {
    expect(() =>
      parsePricingFile(
        file([entry, { ...entry, id: 'broken', usd: 'cheap' }]),
        'pricing/aws.yaml',
      ),
    ).toThrow(/^pricing\/aws\.yaml: entries\[1\] \(broken\): usd: /);
  });

  it('requires the usage assumption of usage-priced entries', () => {
    const { usage: _usage, ...withoutUsage } = entry;
    expect(() =>
      parsePricingFile(file([withoutUsage]), 'pricing/aws.yaml'),
    ).toThrow(
      'pricing/aws.yaml: entries[0] (sqs-standard-queue): usage: usage (quantity and assumption) is required exactly when quantity is usage',
    );
  });

  it('refuses repeated ids, unknown fields and a bad source', () => {
    expect(() =>
      parsePricingFile(file([entry, entry]), 'pricing/aws.yaml'),
    ).toThrow('entries[1] (sqs-standard-queue): id: repeats an earlier entry');
    expect(() =>
      parsePricingFile(file([{ ...entry, colour: 'red' }]), 'x.yaml'),
    ).toThrow(/^x\.yaml: entries\[0\] \(sqs-standard-queue\): .*colour/);
    expect(() =>
      parsePricingFile(file([{ ...entry, source: 'somewhere' }]), 'x.yaml'),
    ).toThrow(/source: must be the URL of the public pricing page/);
  });

  it('requires exactly one of verified and unverified, and the vendor SKUs', () => {
    const { verified: _verified, ...unstated } = entry;
    expect(() => parsePricingFile(file([unstated]), 'x.yaml')).toThrow(
      'x.yaml: entries[0] (sqs-standard-queue): verified: state exactly one of verified (date, source) and unverified (why)',
    );
    expect(() =>
      parsePricingFile(
        file([{ ...entry, unverified: 'recalled, not checked' }]),
        'x.yaml',
      ),
    ).toThrow(/verified: state exactly one of/);
    expect(() =>
      parsePricingFile(file([{ ...entry, vendorSkus: [] }]), 'x.yaml'),
    ).toThrow(/vendorSkus: must name the vendor SKU or meter/);
    const unverified = parsePricingFile(
      file([{ ...unstated, unverified: 'recalled, not checked' }]),
      'x.yaml',
    );
    expect(unverified.priced[0].unverified).toBe('recalled, not checked');
  });

  it('keeps container compute prices apart, per vCPU-hour or GiB-hour', () => {
    const compute = {
      id: 'fargate-vcpu',
      service: 'AWS Fargate',
      compute: 'vcpu',
      regions: ['eu-west-1'],
      unit: 'vCPU-hour',
      usd: 0.04,
      source: 'https://aws.amazon.com/fargate/pricing/',
      vendorSkus: ['X'],
      unverified: 'recalled',
    };
    expect(parsePricingFile(file([compute]), 'x.yaml').compute).toEqual([
      { ...compute, provider: 'aws', asOf: '2025-06-01' },
    ]);
    expect(() =>
      parsePricingFile(file([{ ...compute, unit: 'GiB-hour' }]), 'x.yaml'),
    ).toThrow('unit: vcpu is priced per vCPU-hour, memory per GiB-hour');
  });

  it('names the file for file-level errors', () => {
    expect(() =>
      parsePricingFile(
        { ...file([entry]), currency: 'EUR' },
        'pricing/aws.yaml',
      ),
    ).toThrow(/^pricing\/aws\.yaml: currency: /);
  });
});
