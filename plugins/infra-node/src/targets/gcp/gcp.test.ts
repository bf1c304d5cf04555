import { PlanRecord } from '@pave/plugin-infra-common';
import { synthesizeEnvironment } from '../../synth/synthesizeEnvironment';
import { environmentsFor, fullWorkload, ownership } from '../../testUtils';

type Block = Record<string, any>;

/** Synthesizes every GCP environment once; cdktf synthesis is not free. */
const results = Object.fromEntries(
  environmentsFor('gcp').map(environment => [
    environment.name,
    {
      environment,
      ...synthesizeEnvironment({
        workload: fullWorkload,
        environment,
        ownership,
      }),
    },
  ]),
);

const resources = (env: string) =>
  results[env].terraform.resource as Record<string, Record<string, Block>>;
const sql = (env: string, name: string) =>
  resources(env).google_sql_database_instance[name];

describe('gcp target', () => {
  it('renders prod databases regional, backed up 30 days and protected', () => {
    const db = sql('prod', 'db');
    expect(db.database_version).toBe('POSTGRES_16');
    expect(db.deletion_protection).toBe(true);
    expect(db.settings.deletion_protection_enabled).toBe(true);
    expect(db.settings.availability_type).toBe('REGIONAL');
    expect(db.settings.tier).toBe('db-custom-2-7680');
    expect(db.settings.disk_size).toBe(50);
    expect(db.settings.backup_configuration).toMatchObject({
      enabled: true,
      point_in_time_recovery_enabled: true,
      backup_retention_settings: { retained_backups: 30 },
    });
    expect(db.settings.database_flags).toContainEqual({
      name: 'cloudsql.iam_authentication',
      value: 'on',
    });
    // mysql: raised to prod's minimum class, PITR through the binary log.
    const mysql = sql('prod', 'reporting');
    expect(mysql.database_version).toBe('MYSQL_8_0');
    expect(mysql.settings.tier).toBe('db-custom-2-7680');
    expect(mysql.settings.backup_configuration.binary_log_enabled).toBe(true);
    expect(mysql.settings.database_flags).toContainEqual({
      name: 'cloudsql_iam_authentication',
      value: 'on',
    });
  });

  it('renders dev databases zonal, smallest and unprotected', () => {
    for (const name of ['db', 'reporting']) {
      const db = sql('dev', name);
      expect(db.deletion_protection).toBe(false);
      expect(db.settings.deletion_protection_enabled).toBe(false);
      expect(db.settings.availability_type).toBe('ZONAL');
      expect(db.settings.tier).toBe('db-custom-1-3840');
      // Cloud SQL needs more backups than days of log: two, not one.
      expect(db.settings.backup_configuration).toMatchObject({
        transaction_log_retention_days: 1,
        backup_retention_settings: { retained_backups: 2 },
      });
    }
    expect(resources('dev').google_redis_instance.cache).toMatchObject({
      tier: 'BASIC',
      memory_size_gb: 1,
    });
  });

  it.each(Object.keys(results))('keeps everything private in %s', env => {
    for (const db of Object.values(
      resources(env).google_sql_database_instance,
    )) {
      expect(db.settings.ip_configuration).toEqual({
        ipv4_enabled: false,
        private_network: 'projects/meridian-net/global/networks/shared-vpc',
        ssl_mode: 'ENCRYPTED_ONLY',
      });
      expect(JSON.stringify(db)).not.toMatch(/password/i);
    }
    expect(resources(env).google_redis_instance.cache).toMatchObject({
      connect_mode: 'PRIVATE_SERVICE_ACCESS',
      transit_encryption_mode: 'SERVER_AUTHENTICATION',
      auth_enabled: true,
    });
    const bucket = resources(env).google_storage_bucket.files;
    expect(bucket.public_access_prevention).toBe('enforced');
    expect(bucket.uniform_bucket_level_access).toBe(true);
    expect(bucket.name).toContain('meridian-payments-prod');
  });

  it('dead-letters queue messages within Pub/Sub limits', () => {
    const sub = resources('prod').google_pubsub_subscription.jobs;
    // fixture asks for 3 receives; Pub/Sub's minimum is 5.
    expect(sub.dead_letter_policy.max_delivery_attempts).toBe(5);
    expect(sub.dead_letter_policy.dead_letter_topic).toBe(
      '${google_pubsub_topic.jobs-dlq-topic.id}',
    );
    expect(sub.enable_message_ordering).toBe(true);
    expect(sub.message_retention_duration).toBe(`${14 * 86_400}s`);
    expect(resources('prod').google_pubsub_subscription['jobs-dlq'].topic).toBe(
      '${google_pubsub_topic.jobs-dlq-topic.id}',
    );
    // preview caps retention at one day.
    expect(
      resources('preview-pr-42').google_pubsub_subscription.jobs
        .message_retention_duration,
    ).toBe('86400s');
  });

  it.each(Object.keys(results))(
    'labels and records every resource in %s',
    env => {
      const { plan, terraform, environment } = results[env];
      const labels = {
        service: 'orders',
        owner: 'payments',
        environment: env,
        'cost-center': 'cc-2100',
        'data-classification': 'internal',
      };
      const provider = (terraform.provider as Block).google[0];
      // Exactly the resources' labels: no snake-cased `cost_center` twin.
      expect(provider.default_labels).toEqual({
        ...labels,
        'managed-by': 'pave',
        system: 'payments-platform',
      });
      expect((terraform.terraform as Block).backend.gcs).toEqual({
        bucket: 'pave-tfstate-meridian-payments-prod',
        prefix: `orders/${env}`,
      });
      const tf = resources(env);
      expect(
        tf.google_sql_database_instance.db.settings.user_labels,
      ).toMatchObject(labels);
      for (const type of [
        'google_redis_instance',
        'google_pubsub_topic',
        'google_storage_bucket',
      ]) {
        for (const block of Object.values(tf[type])) {
          expect(block.labels).toMatchObject(labels);
        }
      }
      expect(plan.resources).toHaveLength(9);
      plan.resources.forEach((record: PlanRecord) => {
        expect(record).toMatchObject({
          provider: 'gcp',
          region: 'europe-west1',
          environmentType: environment.type,
          exposure: 'private',
        });
        expect(record.tags).toMatchObject(labels);
        const [type, id] = record.address.split('.');
        expect(tf[type][id]).toBeDefined();
      });
    },
  );

  it('records honest SKUs and protection', () => {
    const byAddress = (env: string) =>
      Object.fromEntries(results[env].plan.resources.map(r => [r.address, r]));
    expect(byAddress('prod')['google_sql_database_instance.db']).toMatchObject({
      sku: 'db-custom-2-7680',
      storageGb: 50,
      highAvailability: true,
      deletionProtection: true,
      backupRetentionDays: 30,
    });
    expect(byAddress('prod')['google_redis_instance.cache'].sku).toBe(
      'redis-standard-ha-5gb',
    );
    expect(
      byAddress('dev')['google_sql_database_instance.reporting'],
    ).toMatchObject({
      sku: 'db-custom-1-3840',
      storageGb: 20,
      highAvailability: false,
      deletionProtection: false,
    });
    expect(byAddress('dev')['google_storage_bucket.files'].sku).toBe(
      'gcs-standard',
    );
  });
});
