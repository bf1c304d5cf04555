import { synthesizeEnvironment } from './synth/synthesizeEnvironment';
import { parseInput } from '@pave/common';
import { workloadSchema } from '@pave/plugin-infra-common';
import { environmentsFor, fullWorkload, ownership } from './testUtils';
import { validateAgainstProviderSchema } from './__testUtils__/providerSchema';

// Each provider's jsii assembly (90–130 MB) is parsed once, on first use,
// which takes one to two seconds per provider on a small machine.
jest.setTimeout(60_000);

type Terraform = Record<string, any>;

const CLOUDS = ['aws', 'gcp', 'azure'] as const;

describe('synthesized Terraform against the provider schemas', () => {
  describe.each(CLOUDS)('%s', cloud => {
    it.each(environmentsFor(cloud).map(e => [e.type, e] as const))(
      'is valid for a %s environment',
      (_type, environment) => {
        const { terraform } = synthesizeEnvironment({
          workload: fullWorkload,
          environment,
          ownership,
        });
        expect(validateAgainstProviderSchema(terraform)).toEqual([]);
      },
    );
  });
});

describe('Score resources against the provider schemas', () => {
  // amqp (Amazon MQ, Service Bus) and Redis with a generated password:
  // what only a Score file's placeholders bring in.
  const scoreWorkload = parseInput(
    workloadSchema,
    {
      apiVersion: 'score.dev/v1b1',
      metadata: { name: 'orders' },
      containers: {
        main: {
          image: 'orders:1',
          variables: {
            AMQP: '${resources.jobs.host}',
            REDIS_PASSWORD: '${resources.cache.password}',
          },
        },
      },
      resources: {
        jobs: { type: 'amqp' },
        cache: { type: 'redis' },
        dns: { type: 'dns' },
        peer: { type: 'service' },
      },
    },
    'workload spec',
  );

  it.each(environmentsFor('aws').map(e => [e.type, e] as const))(
    'is valid on AWS for a %s environment',
    (_type, environment) => {
      const { terraform } = synthesizeEnvironment({
        workload: scoreWorkload,
        environment,
        ownership,
      });
      expect(Object.keys(terraform.resource as object)).toEqual(
        expect.arrayContaining([
          'aws_mq_broker',
          'aws_secretsmanager_secret',
          'aws_secretsmanager_secret_version',
        ]),
      );
      expect(validateAgainstProviderSchema(terraform)).toEqual([]);
    },
  );

  it.each(environmentsFor('azure').map(e => [e.type, e] as const))(
    'is valid on Azure for a %s environment',
    (_type, environment) => {
      // Azure has no Redis password (Entra ID only): the host alone.
      const variables = { AMQP: '${resources.jobs.host}' };
      const { terraform } = synthesizeEnvironment({
        workload: {
          ...scoreWorkload,
          containers: { main: { image: 'orders:1', variables } },
        },
        environment,
        ownership,
      });
      expect(validateAgainstProviderSchema(terraform)).toEqual([]);
    },
  );
});

describe('customer-managed keys against the provider schemas', () => {
  // Confidential data in prod: every renderer's key arguments, and on Azure
  // the identities that use the key, which only such a plan brings in.
  it.each(CLOUDS)('are valid on %s', cloud => {
    const prod = environmentsFor(cloud).find(e => e.type === 'prod')!;
    const { terraform } = synthesizeEnvironment({
      workload: fullWorkload,
      environment: prod,
      ownership: { ...ownership, dataClassification: 'confidential' },
    });
    expect(validateAgainstProviderSchema(terraform)).toEqual([]);
  });
});

describe('validateAgainstProviderSchema', () => {
  let synthesized: Terraform;
  beforeAll(() => {
    const [dev] = environmentsFor('aws');
    synthesized = synthesizeEnvironment({
      workload: fullWorkload,
      environment: dev,
      ownership,
    }).terraform;
  });

  /** A fresh copy of the AWS dev config, to break. */
  const config = (): Terraform => JSON.parse(JSON.stringify(synthesized));

  /** The first block of a resource type and its address. */
  function first(terraform: Terraform, type: string): [string, Terraform] {
    const [name, body] = Object.entries(terraform.resource[type])[0];
    return [`${type}.${name}`, body as Terraform];
  }

  it('starts from a valid config', () => {
    expect(validateAgainstProviderSchema(config())).toEqual([]);
  });

  it('reports a misspelled attribute', () => {
    const terraform = config();
    const [address, db] = first(terraform, 'aws_db_instance');
    db.storage_encrypt = db.storage_encrypted;
    delete db.storage_encrypted;
    expect(validateAgainstProviderSchema(terraform)).toEqual([
      `${address}: unknown attribute "storage_encrypt"`,
    ]);
  });

  it('reports a missing required attribute', () => {
    const terraform = config();
    const [address, db] = first(terraform, 'aws_db_instance');
    delete db.instance_class;
    expect(validateAgainstProviderSchema(terraform)).toEqual([
      `${address}: missing required attribute "instance_class"`,
    ]);
  });

  it('reports wrongly typed attributes, list elements and map values', () => {
    const terraform = config();
    const [address, db] = first(terraform, 'aws_db_instance');
    db.multi_az = 'yes';
    db.allocated_storage = '50';
    db.vpc_security_group_ids = ['sg-0a1b2c3d4e5f60718', 7];
    db.tags.owner = { team: 'payments' };
    expect(validateAgainstProviderSchema(terraform).sort()).toEqual(
      [
        `${address}: attribute "multi_az" must be boolean, got string "yes"`,
        `${address}: attribute "allocated_storage" must be number, got string "50"`,
        `${address}: attribute "vpc_security_group_ids[1]" must be string, got number 7`,
        `${address}: attribute "tags.owner" must be string, got object`,
      ].sort(),
    );
  });

  it('reports unknown and missing attributes in nested blocks', () => {
    const terraform = config();
    const [lifecycle, rules] = first(
      terraform,
      'aws_s3_bucket_lifecycle_configuration',
    );
    rules.rule[0].expiration[0].dayz = rules.rule[0].expiration[0].days;
    delete rules.rule[0].expiration[0].days;
    const [group, params] = first(terraform, 'aws_db_parameter_group');
    delete params.parameter[0].value;
    // Sorted: the order of resources is the renderer's business.
    expect(validateAgainstProviderSchema(terraform).sort()).toEqual(
      [
        `${group}.parameter[0]: missing required attribute "value"`,
        `${lifecycle}.rule[0].expiration[0]: unknown attribute "dayz"`,
      ].sort(),
    );
  });

  it('reports unknown resource, data source and provider attributes', () => {
    const terraform = config();
    terraform.resource.aws_rds_instance = { db: { engine: 'postgres' } };
    terraform.data = {
      aws_caller_identity: { me: {} },
      aws_account: { me: {} },
    };
    terraform.provider.aws[0].default_tag =
      terraform.provider.aws[0].default_tags;
    delete terraform.provider.aws[0].default_tags;
    expect(validateAgainstProviderSchema(terraform)).toEqual([
      'aws_rds_instance.db: unknown resource type "aws_rds_instance"',
      'data.aws_account.me: unknown data source type "aws_account"',
      'provider.aws[0]: unknown attribute "default_tag"',
    ]);
  });

  it('accepts expressions, nulls and meta-arguments anywhere', () => {
    const terraform = config();
    const [, db] = first(terraform, 'aws_db_instance');
    db.multi_az = '${var.high_availability}';
    db.vpc_security_group_ids = '${aws_security_group.db[*].id}';
    db.kms_key_id = null;
    db.count = 1;
    db.lifecycle = { prevent_destroy: true };
    db.depends_on = ['aws_db_parameter_group.db-params'];
    expect(validateAgainstProviderSchema(terraform)).toEqual([]);
  });

  it('uses the attribute names cdktf synthesizes, not converted ones', () => {
    // cdktf renames these properties (fetchPasswordData, selfAttribute,
    // addressLine1), so snake_casing the property names would be wrong.
    const terraform = {
      resource: {
        aws_instance: {
          web: { get_password_data: true, fetch_password_data: true },
        },
        aws_default_security_group: {
          default: {
            ingress: [{ from_port: 0, to_port: 0, protocol: '-1', self: true }],
          },
        },
        aws_account_primary_contact: {
          contact: {
            address_line_1: 'Main Street 1',
            city: 'Berlin',
            country_code: 'DE',
            full_name: 'Pave',
            phone_number: '+4930123456',
            postal_code: '10115',
          },
        },
      },
    };
    expect(validateAgainstProviderSchema(terraform)).toEqual([
      'aws_instance.web: unknown attribute "fetch_password_data"',
    ]);
  });

  it('follows dynamic blocks into their content', () => {
    const terraform = {
      resource: {
        aws_security_group: {
          db: {
            dynamic: {
              ingress: {
                for_each: '${var.ports}',
                content: { from_port: 'x' },
              },
              ingres: { for_each: '${var.ports}', content: {} },
            },
          },
        },
      },
    };
    expect(validateAgainstProviderSchema(terraform)).toEqual([
      'aws_security_group.db.ingress: attribute "from_port" must be number, got string "x"',
      'aws_security_group.db: unknown dynamic block "ingres"',
    ]);
  });
});
