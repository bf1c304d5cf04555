import { TerraformResource } from 'cdktf';
import { DataAzurermKeyVault } from '@cdktf/provider-azurerm/lib/data-azurerm-key-vault';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import { SizeClass, WorkloadResource } from '@pave/plugin-infra-common';
import { RenderContext } from '../../synth/RenderContext';
import { placement } from './provider';
import { clamp } from './sizes';

/** A workload database of either engine. */
export type Database = Extract<
  WorkloadResource,
  { type: 'postgres' | 'mysql' }
>;

/** What both engines work out the same way from the spec and the policy. */
export function databaseSettings(ctx: RenderContext, resource: Database) {
  const sizeClass = ctx.sizeClass(resource.class);
  const { policy } = ctx;
  return {
    sizeClass,
    storageGb: ctx.storageGb(resource.params.storageGb, sizeClass),
    ha: policy.highAvailability,
    // Geo-redundant backups survive the loss of the region; prod only
    // (fixed at creation, and they double the backup storage bill).
    geoBackup: ctx.environment.type === 'prod',
    // After a fail-over Azure swaps the zones; Terraform must not try to
    // move the primary back (each engine adds its storage size: auto-grow
    // raises it and Azure refuses to shrink it again).
    ignoreChanges: ['zone', 'high_availability[0].standby_availability_zone'],
  };
}

/**
 * A user-assigned managed identity for a database. `admin` is the server's
 * Entra ID administrator: its name and object id are known to Terraform (no
 * directory lookup, no password), and the platform grants the migration job
 * federated access to it. `server` is the identity MySQL uses to resolve
 * Entra principals.
 */
export function databaseIdentity(
  ctx: RenderContext,
  name: string,
  role: 'admin' | 'server',
) {
  const id = `${name}-${role}-identity`;
  const identity = new UserAssignedIdentity(ctx.scope, id, {
    ...placement(ctx),
    name: `id-${ctx.name(
      name,
      role === 'admin' ? 'dbadmin' : 'dbserver',
      125,
    )}`,
    tags: ctx.tags,
  });
  identity.overrideLogicalId(id);
  return identity;
}

/** Records a database server with the values actually rendered. */
export function recordDatabase(
  ctx: RenderContext,
  server: TerraformResource,
  name: string,
  resource: Database,
  values: {
    sku: string;
    sizeClass: SizeClass;
    storageGb: number;
    ha: boolean;
    backupRetentionDays: number;
  },
) {
  ctx.record(server, name, {
    workloadResource: name,
    resourceType: resource.type,
    role: 'database',
    sku: values.sku,
    sizeClass: values.sizeClass,
    storageGb: values.storageGb,
    highAvailability: values.ha,
    // Azure encrypts flexible server storage and backups: with platform
    // keys, or the environment's own key for confidential data.
    encryptedAtRest: true,
    customerManagedKey: ctx.customerManagedKey,
    // Each engine sets require_secure_transport ON explicitly.
    encryptedInTransit: true,
    deletionProtection: ctx.policy.deletionProtection,
    backupRetentionDays: values.backupRetentionDays,
  });
}

/** Backup retention within the engine's limits (Azure allows up to 35). */
export function backupRetentionDays(ctx: RenderContext, minimum: number) {
  return clamp(ctx.policy.backupRetentionDays, minimum, 35);
}

/**
 * The environment's Key Vault (`kv-pave-<env>` in `rg-pave-secrets`), where
 * the platform keeps secrets Terraform must pass on but never holds in
 * code. Looked up once per stack. Vault names are global and at most 24
 * characters: long preview names share `kv-pave-preview`.
 */
export function secretsVault(ctx: RenderContext): DataAzurermKeyVault {
  const id = 'secrets_vault';
  const existing = ctx.scope.node.tryFindChild(id);
  if (existing) {
    return existing as DataAzurermKeyVault;
  }
  let name = `kv-pave-${ctx.environment.name}`;
  if (name.length > 24 && ctx.environment.type === 'preview') {
    name = 'kv-pave-preview';
  }
  const vault = new DataAzurermKeyVault(ctx.scope, id, {
    name,
    resourceGroupName: 'rg-pave-secrets',
  });
  vault.overrideLogicalId(id);
  return vault;
}
