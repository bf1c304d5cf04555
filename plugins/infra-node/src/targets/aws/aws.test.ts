import { synthesizeEnvironment } from '../../synth/synthesizeEnvironment';
import { environmentsFor, fullWorkload, ownership } from '../../testUtils';

type Block = Record<string, any>;

/** Synthesizes every AWS environment once; cdktf synthesis is not free. */
const results = Object.fromEntries(
  environmentsFor('aws').map(environment => [
    environment.name,
    synthesizeEnvironment({ workload: fullWorkload, environment, ownership }),
  ]),
);
const resources = (env: string) =>
  results[env].terraform.resource as Record<string, Record<string, Block>>;

describe('aws target', () => {
  it('renders prod RDS multi-AZ, encrypted, protected, 30-day backups, no password', () => {
    const db = resources('prod').aws_db_instance.db;
    expect(db).toMatchObject({
      identifier: 'orders-prod-db',
      engine: 'postgres',
      engine_version: '16',
      instance_class: 'db.m7g.large',
      allocated_storage: 50,
      multi_az: true,
      storage_encrypted: true,
      publicly_accessible: false,
      deletion_protection: true,
      skip_final_snapshot: false,
      backup_retention_period: 30,
      manage_master_user_password: true,
      iam_database_authentication_enabled: true,
      db_subnet_group_name: 'orders-prod-db',
    });
    expect(db).not.toHaveProperty('password');
    expect(
      resources('prod').aws_db_parameter_group['db-params'].parameter,
    ).toContainEqual(
      expect.objectContaining({ name: 'rds.force_ssl', value: '1' }),
    );
    expect(
      resources('prod').aws_db_parameter_group['reporting-params'].parameter,
    ).toContainEqual(
      expect.objectContaining({ name: 'require_secure_transport', value: '1' }),
    );
    // mysql asked for small; prod's minimum is medium.
    expect(resources('prod').aws_db_instance.reporting.instance_class).toBe(
      'db.m7g.large',
    );
  });

  it('renders dev RDS small, single-AZ, short backups, deletable', () => {
    const db = resources('dev').aws_db_instance.db;
    expect(db).toMatchObject({
      instance_class: 'db.t4g.small',
      multi_az: false,
      deletion_protection: false,
      skip_final_snapshot: true,
      backup_retention_period: 1,
    });
  });

  it('renders Redis with TLS required, IAM users and fail-over only where HA', () => {
    const prod = resources('prod').aws_elasticache_replication_group.cache;
    expect(prod).toMatchObject({
      transit_encryption_enabled: true,
      transit_encryption_mode: 'required',
      at_rest_encryption_enabled: 'true',
      num_cache_clusters: 2,
      automatic_failover_enabled: true,
      node_type: 'cache.m7g.large',
    });
    expect(prod).not.toHaveProperty('auth_token');
    expect(
      resources('prod').aws_elasticache_user['cache-user'].authentication_mode,
    ).toEqual({ type: 'iam' });
    expect(
      resources('dev').aws_elasticache_replication_group.cache
        .num_cache_clusters,
    ).toBe(1);
  });

  it('renders SQS FIFO with a dead-letter queue, SSE and a TLS-only policy', () => {
    const queues = resources('staging').aws_sqs_queue;
    expect(queues.jobs).toMatchObject({
      name: 'orders-staging-jobs.fifo',
      fifo_queue: true,
      sqs_managed_sse_enabled: true,
      message_retention_seconds: 14 * 86_400,
    });
    expect(queues['jobs-dlq'].name).toBe('orders-staging-jobs-dlq.fifo');
    expect(queues.jobs.redrive_policy).toContain('aws_sqs_queue.jobs-dlq.arn');
    expect(queues.jobs.redrive_policy).toContain('"maxReceiveCount" = 3');
    const policy =
      resources('staging').aws_sqs_queue_policy['jobs-policy'].policy;
    expect(policy).toContain('aws:SecureTransport');
    // preview retention is capped at one day whatever the spec says.
    expect(
      resources('preview-pr-42').aws_sqs_queue.jobs.message_retention_seconds,
    ).toBe(86_400);
  });

  it('renders S3 private, encrypted, versioned, TLS-only, with expiry', () => {
    const r = resources('prod');
    expect(r.aws_s3_bucket.files.bucket).toBe('orders-prod-files-123456789012');
    expect(r.aws_s3_bucket.files.force_destroy).toBe(false);
    expect(
      r.aws_s3_bucket_public_access_block['files-public-access'],
    ).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(
      r.aws_s3_bucket_server_side_encryption_configuration['files-encryption']
        .rule[0].apply_server_side_encryption_by_default.sse_algorithm,
    ).toBe('aws:kms');
    expect(
      r.aws_s3_bucket_versioning['files-versioning'].versioning_configuration
        .status,
    ).toBe('Enabled');
    expect(
      r.aws_s3_bucket_lifecycle_configuration['files-lifecycle'].rule[0]
        .expiration,
    ).toEqual([{ days: 365 }]);
  });

  it('tags everything, pins the account and keeps state encrypted remotely', () => {
    const tf = results.prod.terraform as Block;
    const expectedTags = {
      service: 'orders',
      owner: 'payments',
      environment: 'prod',
      'cost-center': 'CC-2100',
      'managed-by': 'pave',
      system: 'payments-platform',
      'data-classification': 'internal',
    };
    expect(tf.provider.aws[0].default_tags[0].tags).toEqual(expectedTags);
    expect(tf.provider.aws[0].allowed_account_ids).toEqual(['123456789012']);
    expect(tf.terraform.backend.s3).toMatchObject({
      bucket: 'pave-tfstate-123456789012-eu-west-1',
      key: 'orders/prod.tfstate',
      encrypt: true,
    });
    for (const [type, blocks] of Object.entries(resources('prod'))) {
      for (const [name, block] of Object.entries(blocks)) {
        if ('tags' in block || type.endsWith('_policy')) continue;
        // Sub-resources of a bucket/queue carry no tags of their own in AWS.
        expect(`${type}.${name}`).toMatch(
          /^aws_s3_bucket_|^aws_sqs_queue_policy/,
        );
      }
    }
  });

  it('records a normalized plan entry per priced resource', () => {
    const plan = results.prod.plan;
    expect(plan).toMatchObject({
      environment: 'prod',
      cloud: 'aws',
      region: 'eu-west-1',
    });
    expect(plan.resources.map(r => r.address).sort()).toEqual([
      'aws_db_instance.db',
      'aws_db_instance.reporting',
      'aws_elasticache_replication_group.cache',
      'aws_s3_bucket.files',
      'aws_sns_topic.events',
      'aws_sqs_queue.jobs',
      'aws_sqs_queue.jobs-dlq',
    ]);
    expect(
      plan.resources.find(r => r.address === 'aws_db_instance.db'),
    ).toMatchObject({
      resourceType: 'postgres',
      sku: 'db.m7g.large',
      storageGb: 50,
      highAvailability: true,
      encryptedAtRest: true,
      encryptedInTransit: true,
      exposure: 'private',
      deletionProtection: true,
      backupRetentionDays: 30,
      tags: expect.objectContaining({ 'cost-center': 'CC-2100' }),
    });
    expect(plan.outputs).toEqual(
      expect.arrayContaining([
        'db_host',
        'db_port',
        'db_secret_arn',
        'jobs_url',
        'files_bucket',
      ]),
    );
  });
});
