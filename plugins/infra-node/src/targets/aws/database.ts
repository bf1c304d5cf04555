import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { WorkloadResource } from '@pave/plugin-infra-common';
import {
  RenderContext,
  fromSecret,
  fromTerraform,
  fromValue,
} from '../../synth/RenderContext';
import { awsTarget, dbSubnetGroup, environmentKeyArn } from './provider';
import { AWS_DB_INSTANCE_CLASS } from './sizes';

type Database = Extract<WorkloadResource, { type: 'postgres' | 'mysql' }>;

const ENGINES = {
  postgres: {
    engine: 'postgres',
    defaultVersion: '16',
    family: (v: string) => `postgres${v}`,
    // Refuse unencrypted connections.
    tls: { name: 'rds.force_ssl', value: '1' },
    port: 5432,
  },
  mysql: {
    engine: 'mysql',
    defaultVersion: '8.0',
    family: (v: string) => `mysql${v}`,
    tls: { name: 'require_secure_transport', value: '1' },
    port: 3306,
  },
};

/**
 * RDS for PostgreSQL or MySQL: private subnets only, encrypted storage,
 * TLS enforced by a parameter group, the master password generated and
 * rotated by Secrets Manager (never in Terraform), IAM authentication, and
 * the environment's availability, backup and deletion protection.
 */
export function renderAwsDatabase(
  ctx: RenderContext,
  name: string,
  resource: Database,
) {
  const engine = ENGINES[resource.type];
  const version = resource.params.version ?? engine.defaultVersion;
  const sizeClass = ctx.sizeClass(resource.class);
  const storageGb = ctx.storageGb(resource.params.storageGb, sizeClass);
  const { policy } = ctx;
  // RDS: 1 to 63 (PostgreSQL) or 64 (MySQL) letters and digits, from a letter.
  const dbName = name.replace(/[^a-z0-9]/g, '');

  const parameters = new DbParameterGroup(ctx.scope, `${name}-params`, {
    name: ctx.name(name, 'params'),
    family: engine.family(version),
    description: `TLS-only connections for ${name}`,
    parameter: [
      {
        name: engine.tls.name,
        value: engine.tls.value,
        applyMethod: 'pending-reboot',
      },
    ],
    tags: ctx.tags,
  });
  parameters.overrideLogicalId(`${name}-params`);

  const db = new DbInstance(ctx.scope, name, {
    identifier: ctx.name(name),
    engine: engine.engine,
    engineVersion: version,
    dbName,
    instanceClass: AWS_DB_INSTANCE_CLASS[sizeClass],
    allocatedStorage: storageGb,
    maxAllocatedStorage: storageGb * 4,
    storageType: 'gp3',
    storageEncrypted: true,
    kmsKeyId: ctx.customerManagedKey ? environmentKeyArn(ctx) : undefined,
    multiAz: policy.highAvailability,
    publiclyAccessible: false,
    dbSubnetGroupName: dbSubnetGroup(ctx),
    vpcSecurityGroupIds: awsTarget(ctx).securityGroupIds,
    parameterGroupName: parameters.name,
    username: 'pave_admin',
    manageMasterUserPassword: true,
    iamDatabaseAuthenticationEnabled: true,
    backupRetentionPeriod: policy.backupRetentionDays,
    deletionProtection: policy.deletionProtection,
    skipFinalSnapshot: !policy.deletionProtection,
    finalSnapshotIdentifier: policy.deletionProtection
      ? ctx.name(name, 'final')
      : undefined,
    copyTagsToSnapshot: true,
    autoMinorVersionUpgrade: true,
    performanceInsightsEnabled: true,
    tags: ctx.tags,
  });
  ctx.record(db, name, {
    workloadResource: name,
    resourceType: resource.type,
    role: 'database',
    sku: AWS_DB_INSTANCE_CLASS[sizeClass],
    sizeClass,
    storageGb,
    highAvailability: policy.highAvailability,
    encryptedAtRest: true,
    customerManagedKey: ctx.customerManagedKey,
    encryptedInTransit: true,
    deletionProtection: policy.deletionProtection,
    backupRetentionDays: policy.backupRetentionDays,
  });
  ctx.output(`${name}_host`, db.address, `${name}: database host name`);
  ctx.output(`${name}_port`, db.port, `${name}: database port`);
  ctx.output(
    `${name}_secret_arn`,
    db.masterUserSecret.get(0).secretArn,
    `${name}: Secrets Manager secret holding the admin credentials`,
  );
  ctx.provide(name, {
    host: fromTerraform(`${name}_host`),
    port: fromTerraform(`${name}_port`),
    name: fromValue(dbName),
    database: fromValue(dbName),
    username: fromValue('pave_admin'),
    password: fromSecret(
      `${name}_password`,
      `Secrets Manager secret in output ${name}_secret_arn (managed by RDS), key password`,
    ),
  });
}
