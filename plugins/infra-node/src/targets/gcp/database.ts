import { SqlDatabaseInstance } from '@cdktf/provider-google/lib/sql-database-instance';
import { WorkloadResource } from '@pave/plugin-infra-common';
import {
  RenderContext,
  fromTerraform,
  fromValue,
  unavailable,
} from '../../synth/RenderContext';
import { environmentKeyId, gcpTarget } from './provider';
import { GCP_SQL_TIER } from './sizes';

type Database = Extract<WorkloadResource, { type: 'postgres' | 'mysql' }>;

const ENGINES = {
  postgres: {
    defaultVersion: '16',
    databaseVersion: (v: string) => `POSTGRES_${v}`,
    // Point-in-time recovery replays the write-ahead log.
    pitr: { pointInTimeRecoveryEnabled: true },
    flags: [
      { name: 'cloudsql.iam_authentication', value: 'on' },
      // Audit trail of who connected (CIS Google Cloud benchmark).
      { name: 'log_connections', value: 'on' },
      { name: 'log_disconnections', value: 'on' },
    ],
  },
  mysql: {
    defaultVersion: '8.0',
    databaseVersion: (v: string) => `MYSQL_${v.replace('.', '_')}`,
    // MySQL's point-in-time recovery replays the binary log.
    pitr: { binaryLogEnabled: true },
    flags: [
      { name: 'cloudsql_iam_authentication', value: 'on' },
      // No reading client-side files into tables (CIS Google Cloud benchmark).
      { name: 'local_infile', value: 'off' },
    ],
  },
};

/**
 * Cloud SQL for PostgreSQL or MySQL: private IP on the shared VPC only, TLS
 * required, IAM database authentication (no password in Terraform; the
 * provider drops MySQL's password-less root@% user on creation), automated
 * backups with point-in-time recovery, and the environment's availability,
 * backup retention and deletion protection.
 */
export function renderGcpDatabase(
  ctx: RenderContext,
  name: string,
  resource: Database,
) {
  const engine = ENGINES[resource.type];
  const version = resource.params.version ?? engine.defaultVersion;
  const sizeClass = ctx.sizeClass(resource.class);
  const storageGb = ctx.storageGb(resource.params.storageGb, sizeClass);
  const tier = GCP_SQL_TIER[sizeClass];
  const { policy } = ctx;
  // Cloud SQL requires more retained backups than days of transaction log,
  // and the log needs at least one day: so never fewer than two backups.
  const retainedBackups = Math.max(policy.backupRetentionDays, 2);

  const db = new SqlDatabaseInstance(ctx.scope, name, {
    name: ctx.name(name),
    region: gcpTarget(ctx).region,
    databaseVersion: engine.databaseVersion(version),
    deletionProtection: policy.deletionProtection,
    // Fixed at creation: a key cannot be added to an existing instance.
    encryptionKeyName: ctx.customerManagedKey
      ? environmentKeyId(ctx)
      : undefined,
    settings: {
      // Custom tiers exist only in Enterprise; Cloud SQL would otherwise
      // default PostgreSQL 16+ to Enterprise Plus and reject the tier.
      edition: 'ENTERPRISE',
      tier,
      diskType: 'PD_SSD',
      diskSize: storageGb,
      diskAutoresize: true,
      // Growth is automatic but bounded, as on AWS (4× the requested size).
      diskAutoresizeLimit: storageGb * 4,
      availabilityType: policy.highAvailability ? 'REGIONAL' : 'ZONAL',
      deletionProtectionEnabled: policy.deletionProtection,
      // Protected environments keep their backups if the instance goes.
      retainBackupsOnDelete: policy.deletionProtection,
      backupConfiguration: {
        enabled: true,
        ...engine.pitr,
        transactionLogRetentionDays: Math.min(retainedBackups - 1, 7),
        backupRetentionSettings: { retainedBackups, retentionUnit: 'COUNT' },
      },
      ipConfiguration: {
        ipv4Enabled: false,
        privateNetwork: gcpTarget(ctx).network,
        sslMode: 'ENCRYPTED_ONLY',
      },
      databaseFlags: engine.flags,
      insightsConfig: { queryInsightsEnabled: true },
      userLabels: ctx.labels,
    },
  });
  ctx.record(db, name, {
    workloadResource: name,
    resourceType: resource.type,
    role: 'database',
    sku: tier,
    sizeClass,
    storageGb,
    highAvailability: policy.highAvailability,
    encryptedAtRest: true, // Google-managed keys unless customer-managed
    customerManagedKey: ctx.customerManagedKey,
    encryptedInTransit: true,
    deletionProtection: policy.deletionProtection,
    backupRetentionDays: retainedBackups,
  });
  ctx.output(
    `${name}_private_ip`,
    db.privateIpAddress,
    `${name}: database private IP address`,
  );
  ctx.output(
    `${name}_connection_name`,
    db.connectionName,
    `${name}: instance connection name for the Cloud SQL connectors`,
  );
  const iamOnly = unavailable(
    `Cloud SQL here accepts IAM database authentication only: connect as the workload's service account through a Cloud SQL connector (instance in output ${name}_connection_name)`,
  );
  const noDatabase = unavailable(
    'Pave creates no application database on Cloud SQL: create it in a migration and pass its name as a variable',
  );
  ctx.provide(name, {
    host: fromTerraform(`${name}_private_ip`),
    port: fromValue(resource.type === 'postgres' ? 5432 : 3306),
    name: noDatabase,
    database: noDatabase,
    username: iamOnly,
    password: iamOnly,
  });
}
