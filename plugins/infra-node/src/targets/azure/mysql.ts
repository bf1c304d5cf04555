import { ITerraformDependable } from 'cdktf';
import { DataAzurermKeyVaultSecret } from '@cdktf/provider-azurerm/lib/data-azurerm-key-vault-secret';
import { MysqlFlexibleServer } from '@cdktf/provider-azurerm/lib/mysql-flexible-server';
import { MysqlFlexibleServerActiveDirectoryAdministrator } from '@cdktf/provider-azurerm/lib/mysql-flexible-server-active-directory-administrator';
import { MysqlFlexibleServerConfiguration } from '@cdktf/provider-azurerm/lib/mysql-flexible-server-configuration';
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
  secretsVault,
} from './database';
import { environmentKey } from './customerManagedKey';
import { azureTarget, deletionLock, globalName, placement } from './provider';
import { AZURE_MYSQL_SKU } from './sizes';

type Mysql = Extract<WorkloadResource, { type: 'mysql' }>;

/** Spec versions to the values azurerm accepts (`5.7`, `8.0.21`, `8.4`). */
const VERSIONS: Record<NonNullable<Mysql['params']['version']>, string> = {
  '8.0': '8.0.21',
  '8.4': '8.4',
};

/**
 * Azure Database for MySQL flexible server: private access only, TLS
 * required, Entra ID authentication only once the Entra administrator
 * exists. Azure insists on an administrator password at creation: it is
 * read from Key Vault, never written here.
 */
export function renderAzureMysql(
  ctx: RenderContext,
  name: string,
  resource: Mysql,
) {
  const target = azureTarget(ctx);
  const settings = databaseSettings(ctx, resource);
  const sku = AZURE_MYSQL_SKU[settings.sizeClass];
  // MySQL accepts 1–35 days, so the policy applies as it is.
  const retention = backupRetentionDays(ctx, 1);

  const password = new DataAzurermKeyVaultSecret(
    ctx.scope,
    `${name}-admin-password`,
    {
      name: `${ctx.service}-${name}-mysql-admin`,
      keyVaultId: secretsVault(ctx).id,
    },
  );
  password.overrideLogicalId(`${name}-admin-password`);
  const serverIdentity = databaseIdentity(ctx, name, 'server');
  const key = ctx.customerManagedKey ? environmentKey(ctx) : undefined;

  const server = new MysqlFlexibleServer(ctx.scope, name, {
    ...placement(ctx),
    name: globalName(ctx, 'mysql', name),
    version: VERSIONS[resource.params.version ?? '8.0'],
    skuName: sku,
    administratorLogin: 'pave_admin',
    administratorPassword: password.value,
    storage: { sizeGb: settings.storageGb, autoGrowEnabled: true },
    backupRetentionDays: retention,
    geoRedundantBackupEnabled: settings.geoBackup,
    highAvailability: settings.ha
      ? { mode: 'ZoneRedundant', standbyAvailabilityZone: '2' }
      : undefined,
    zone: settings.ha ? '1' : undefined,
    // Its own subnet and zone: a subnet is delegated to one engine only,
    // and MySQL resolves in a `*.mysql.database.azure.com` zone.
    delegatedSubnetId: target.mysqlDelegatedSubnetId,
    privateDnsZoneId: target.mysqlPrivateDnsZoneId,
    publicNetworkAccess: 'Disabled',
    // MySQL resolves Entra principals through its own identity.
    // With a customer-managed key, also the identity the key is granted to.
    identity: {
      type: 'UserAssigned',
      identityIds: key
        ? [serverIdentity.id, key.identityId]
        : [serverIdentity.id],
    },
    customerManagedKey: key
      ? {
          keyVaultKeyId: key.keyId,
          primaryUserAssignedIdentityId: key.identityId,
        }
      : undefined,
    maintenanceWindow: { dayOfWeek: 0, startHour: 2, startMinute: 0 },
    tags: ctx.tags,
    lifecycle: {
      ignoreChanges: [...settings.ignoreChanges, 'storage[0].size_gb'],
    },
  });
  recordDatabase(ctx, server, name, resource, {
    sku,
    sizeClass: settings.sizeClass,
    storageGb: settings.storageGb,
    ha: settings.ha,
    backupRetentionDays: retention,
  });

  const adminIdentity = databaseIdentity(ctx, name, 'admin');
  const admin = new MysqlFlexibleServerActiveDirectoryAdministrator(
    ctx.scope,
    `${name}-entra-admin`,
    {
      serverId: server.id,
      identityId: serverIdentity.id,
      login: adminIdentity.name,
      objectId: adminIdentity.principalId,
      tenantId: target.tenantId,
    },
  );
  admin.overrideLogicalId(`${name}-entra-admin`);

  // TLS stated explicitly; then Entra only, which makes the Key Vault
  // password useless for logging in. One change at a time: the server
  // refuses parallel configuration updates.
  let previous: ITerraformDependable = admin;
  for (const setting of ['require_secure_transport', 'aad_auth_only']) {
    const id = `${name}-${setting.replace(/_/g, '-')}`;
    const config = new MysqlFlexibleServerConfiguration(ctx.scope, id, {
      serverName: server.name,
      resourceGroupName: server.resourceGroupName,
      name: setting,
      value: 'ON',
      dependsOn: [previous],
    });
    config.overrideLogicalId(id);
    previous = config;
  }
  deletionLock(ctx, name, server.id, `MySQL server ${name}`);

  ctx.output(`${name}_host`, server.fqdn, `${name}: server host name`);
  ctx.output(`${name}_port`, 3306, `${name}: server port`);
  ctx.output(
    `${name}_admin_principal`,
    adminIdentity.name,
    `${name}: Entra ID administrator (managed identity) to log in as`,
  );
  ctx.output(
    `${name}_admin_secret_id`,
    password.versionlessId,
    `${name}: Key Vault secret with the admin password (unusable while aad_auth_only is ON)`,
  );
  const entraOnly = unavailable(
    'Entra ID authentication only: the workload requests a token for its managed identity (no passwords are accepted)',
  );
  const noDatabase = unavailable(
    'Pave creates no application database on the server: create it in a migration and pass its name as a variable',
  );
  ctx.provide(name, {
    host: fromTerraform(`${name}_host`),
    port: fromValue(3306),
    name: noDatabase,
    database: noDatabase,
    username: fromTerraform(`${name}_admin_principal`),
    password: entraOnly,
  });
}
