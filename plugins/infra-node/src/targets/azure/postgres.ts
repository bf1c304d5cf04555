import { ITerraformDependable } from 'cdktf';
import { PostgresqlFlexibleServer } from '@cdktf/provider-azurerm/lib/postgresql-flexible-server';
import { PostgresqlFlexibleServerActiveDirectoryAdministrator } from '@cdktf/provider-azurerm/lib/postgresql-flexible-server-active-directory-administrator';
import { PostgresqlFlexibleServerConfiguration } from '@cdktf/provider-azurerm/lib/postgresql-flexible-server-configuration';
import { WorkloadResource } from '@pave/plugin-infra-common';
import {
  RenderContext,
  fromTerraform,
  fromValue,
  unavailable,
} from '../../synth/RenderContext';
import {
  backupRetentionDays,
  databaseIdentity,
  databaseSettings,
  recordDatabase,
} from './database';
import { environmentKey } from './customerManagedKey';
import { azureTarget, deletionLock, globalName, placement } from './provider';
import { AZURE_POSTGRES_SKU, postgresStorageMb } from './sizes';

type Postgres = Extract<WorkloadResource, { type: 'postgres' }>;

/**
 * Azure Database for PostgreSQL flexible server: private access only
 * (delegated subnet and private DNS zone), Entra ID authentication only (no
 * password anywhere), TLS required, zone-redundant HA, geo-redundant backups
 * and a delete lock where the environment demands them.
 */
export function renderAzurePostgres(
  ctx: RenderContext,
  name: string,
  resource: Postgres,
) {
  const target = azureTarget(ctx);
  const settings = databaseSettings(ctx, resource);
  const sku = AZURE_POSTGRES_SKU[settings.sizeClass];
  const storageMb = postgresStorageMb(settings.storageGb);
  // Azure keeps at least 7 days; the plan records what is really kept.
  const retention = backupRetentionDays(ctx, 7);
  const key = ctx.customerManagedKey ? environmentKey(ctx) : undefined;

  const server = new PostgresqlFlexibleServer(ctx.scope, name, {
    ...placement(ctx),
    name: globalName(ctx, 'psql', name),
    version: resource.params.version ?? '16',
    skuName: sku,
    storageMb,
    autoGrowEnabled: true,
    backupRetentionDays: retention,
    geoRedundantBackupEnabled: settings.geoBackup,
    highAvailability: settings.ha
      ? { mode: 'ZoneRedundant', standbyAvailabilityZone: '2' }
      : undefined,
    // Pin the zones only for HA; otherwise Azure places the server.
    zone: settings.ha ? '1' : undefined,
    delegatedSubnetId: target.delegatedSubnetId,
    privateDnsZoneId: target.privateDnsZoneId,
    publicNetworkAccessEnabled: false,
    // Fixed at creation: the environment's own key for confidential data.
    ...(key
      ? {
          identity: { type: 'UserAssigned', identityIds: [key.identityId] },
          customerManagedKey: {
            keyVaultKeyId: key.keyId,
            primaryUserAssignedIdentityId: key.identityId,
          },
        }
      : {}),
    authentication: {
      activeDirectoryAuthEnabled: true,
      passwordAuthEnabled: false,
      tenantId: target.tenantId,
    },
    // Patch on Sunday night (UTC), not whenever Azure chooses.
    maintenanceWindow: { dayOfWeek: 0, startHour: 2, startMinute: 0 },
    tags: ctx.tags,
    lifecycle: {
      ignoreChanges: [...settings.ignoreChanges, 'storage_mb', 'storage_tier'],
    },
  });
  recordDatabase(ctx, server, name, resource, {
    sku,
    sizeClass: settings.sizeClass,
    storageGb: storageMb / 1024,
    ha: settings.ha,
    backupRetentionDays: retention,
  });

  // Without an Entra administrator nobody could ever log in.
  const identity = databaseIdentity(ctx, name, 'admin');
  const admin = new PostgresqlFlexibleServerActiveDirectoryAdministrator(
    ctx.scope,
    `${name}-entra-admin`,
    {
      serverName: server.name,
      resourceGroupName: server.resourceGroupName,
      tenantId: target.tenantId,
      objectId: identity.principalId,
      principalName: identity.name,
      principalType: 'ServicePrincipal',
    },
  );
  admin.overrideLogicalId(`${name}-entra-admin`);

  // Azure requires TLS by default; stating it keeps it from being turned off
  // by hand unnoticed. One change at a time: the server refuses parallel
  // configuration updates.
  let previous: ITerraformDependable = admin;
  for (const [setting, value] of [
    ['require_secure_transport', 'on'],
    ['ssl_min_protocol_version', 'TLSv1.2'],
  ]) {
    const id = `${name}-${setting.replace(/_/g, '-')}`;
    const config = new PostgresqlFlexibleServerConfiguration(ctx.scope, id, {
      serverId: server.id,
      name: setting,
      value,
      dependsOn: [previous],
    });
    config.overrideLogicalId(id);
    previous = config;
  }
  deletionLock(ctx, name, server.id, `PostgreSQL server ${name}`);

  ctx.output(`${name}_host`, server.fqdn, `${name}: server host name`);
  ctx.output(`${name}_port`, 5432, `${name}: server port`);
  ctx.output(
    `${name}_admin_principal`,
    identity.name,
    `${name}: Entra ID administrator (managed identity) to log in as`,
  );
  const entraOnly = unavailable(
    'Entra ID authentication only: the workload requests a token for its managed identity (no passwords are accepted)',
  );
  const noDatabase = unavailable(
    'Pave creates no application database on the server: create it in a migration and pass its name as a variable',
  );
  ctx.provide(name, {
    host: fromTerraform(`${name}_host`),
    port: fromValue(5432),
    name: noDatabase,
    database: noDatabase,
    username: fromTerraform(`${name}_admin_principal`),
    password: entraOnly,
  });
}
