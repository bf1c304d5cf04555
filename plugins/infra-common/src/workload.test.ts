import { InputError } from '@backstage/errors';
import {
  cpuCores,
  memoryGiB,
  ownershipSchema,
  workloadSchema,
} from './workload';
import { parseInput } from '@pave/common';
import { escapeTerraformLiteral } from './validation';

const base = {
  apiVersion: 'score.dev/v1b1',
  metadata: { name: 'orders' },
  containers: { main: { image: 'registry.example.com/orders:1.0.0' } },
};

function parseWorkload(resources: unknown, overrides: object = {}) {
  return parseInput(
    workloadSchema,
    { ...base, resources, ...overrides },
    'workload spec',
  );
}

function errorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError');
}

describe('workloadSchema', () => {
  it('accepts every resource type and fills defaults', () => {
    const workload = parseWorkload({
      db: {
        type: 'postgres',
        class: 'large',
        params: { version: '16', storageGb: 100 },
      },
      reporting: { type: 'mysql' },
      cache: { type: 'redis' },
      jobs: { type: 'queue', params: { fifo: true, retentionDays: 7 } },
      events: { type: 'topic' },
      files: { type: 's3', params: { expireAfterDays: 30 } },
    });
    expect(workload.resources.db).toEqual({
      type: 'postgres',
      class: 'large',
      params: { version: '16', storageGb: 100 },
    });
    expect(workload.resources.reporting).toEqual({
      type: 'mysql',
      class: 'small',
      params: {},
    });
  });

  it.each([
    [{ db: { type: 'oracle' } }, /resources\.db\.type: /],
    [{ db: { type: 'postgres', class: 'huge' } }, /resources\.db\.class: /],
    [
      { db: { type: 'postgres', params: { iops: 3000 } } },
      /resources\.db\.params: Unrecognized key.*iops/,
    ],
    [
      { db: { type: 'postgres', params: { storageGb: 5000 } } },
      /resources\.db\.params\.storageGb: .*4096/,
    ],
    [
      { db: { type: 'postgres', params: { storageGb: 10 } } },
      /resources\.db\.params\.storageGb: .*20/,
    ],
    [
      { db: { type: 'postgres', params: { version: '9.6' } } },
      /resources\.db\.params\.version: /,
    ],
    [
      { jobs: { type: 'queue', params: { retentionDays: 30 } } },
      /resources\.jobs\.params\.retentionDays: .*14/,
    ],
    [
      { jobs: { type: 'queue', params: { fifo: 'yes' } } },
      /resources\.jobs\.params\.fifo: /,
    ],
  ])('refuses %j naming the field and rule', (resources, message) => {
    expect(errorOf(() => parseWorkload(resources)).message).toMatch(message);
  });

  const PATTERN = 'lower-case letters, digits and single dashes';
  it.each([
    ['Orders_DB', 'upper case and underscore', PATTERN],
    ['db-', 'trailing dash', PATTERN],
    ['1db', 'leading digit', PATTERN],
    ['db--main', 'double dash', PATTERN],
    ['${var.x}', 'Terraform interpolation', PATTERN],
    ['"}, "evil": {"', 'a JSON breakout', PATTERN],
    ['db\nmalicious: true', 'a YAML breakout', PATTERN],
    ['a'.repeat(25), 'too long', 'must be at most 24 characters'],
  ])('refuses the resource name %j (%s)', (name, _why, rule) => {
    const error = errorOf(() => parseWorkload({ [name]: { type: 'redis' } }));
    expect(error.message).toContain(`resources.${name}: resource name`);
    expect(error.message).toContain(rule);
  });

  it('refuses an injected service name', () => {
    const error = errorOf(() =>
      parseWorkload(
        {},
        { metadata: { name: 'orders-${jsonencode(var.secret)}' } },
      ),
    );
    expect(error.message).toMatch(/metadata\.name: must be lower-case/);
  });

  it('refuses Terraform interpolation in container variables', () => {
    const error = errorOf(() =>
      parseWorkload(
        {},
        {
          containers: {
            main: {
              image: 'orders:1',
              variables: { DB_URL: '%{ for s in var.secrets }${s}%{ endfor }' },
            },
          },
        },
      ),
    );
    expect(error.message).toMatch(
      /containers\.main\.variables\.DB_URL: must not contain Terraform interpolation/,
    );
  });

  it('refuses more than 30 resources', () => {
    const resources = Object.fromEntries(
      Array.from({ length: 31 }, (_, i) => [`q${i}`, { type: 'queue' }]),
    );
    expect(errorOf(() => parseWorkload(resources)).message).toMatch(
      /resources: must declare at most 30 resources/,
    );
  });
});

describe('ownershipSchema', () => {
  it('accepts a group ref, a cost centre and a system', () => {
    expect(
      parseInput(
        ownershipSchema,
        {
          owner: 'group:default/payments',
          costCenter: 'CC-2100',
          system: 'payments-platform',
        },
        'ownership',
      ),
    ).toEqual({
      owner: 'group:default/payments',
      costCenter: 'CC-2100',
      system: 'payments-platform',
    });
  });

  it.each([
    [
      { owner: 'user:default/tom', costCenter: 'CC-2100' },
      /owner: must be a group entity ref/,
    ],
    [
      { owner: 'group:default/payments', costCenter: 'CC-${x}' },
      /costCenter: must look like CC-2100/,
    ],
    [{ owner: 'group:default/payments"}', costCenter: 'CC-2100' }, /owner: /],
  ])('refuses %j', (value, message) => {
    expect(
      errorOf(() => parseInput(ownershipSchema, value, 'ownership')).message,
    ).toMatch(message);
  });
});

describe('escapeTerraformLiteral', () => {
  it('makes Terraform read template sequences literally', () => {
    expect(escapeTerraformLiteral('cost ${var.x} and %{ if y }')).toBe(
      'cost $${var.x} and %%{ if y }',
    );
    expect(escapeTerraformLiteral('plain $ and % {x}')).toBe(
      'plain $ and % {x}',
    );
  });
});

describe('Kubernetes quantities', () => {
  it('reads CPU in cores and memory in GiB, binary and decimal suffixes', () => {
    expect(cpuCores('250m')).toBe(0.25);
    expect(cpuCores('2')).toBe(2);
    expect(cpuCores('1.5')).toBe(1.5);
    expect(memoryGiB('512Mi')).toBe(0.5);
    expect(memoryGiB('2Gi')).toBe(2);
    expect(memoryGiB('1G')).toBeCloseTo(0.9313, 4);
    expect(memoryGiB('536870912')).toBe(0.5); // bytes
  });

  it('refuses what the workload schema would refuse', () => {
    expect(() => cpuCores('1 core')).toThrow(
      '1 core is not a CPU quantity such as 250m or 1',
    );
    expect(() => memoryGiB('1GB')).toThrow(
      '1GB is not a memory quantity such as 128Mi or 1Gi',
    );
  });
});
