import { AzurermBackend } from 'cdktf';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { ManagementLock } from '@cdktf/provider-azurerm/lib/management-lock';
import { RenderContext } from '../../synth/RenderContext';

/** Narrows the context's target to Azure. */
export function azureTarget(ctx: RenderContext) {
  const target = ctx.environment.target;
  if (target.cloud !== 'azure') {
    throw new Error(`expected an Azure target, got ${target.cloud}`);
  }
  return target;
}

/**
 * The azurerm provider pinned to the environment's subscription and tenant,
 * Entra ID (not account keys) for storage, and remote state in the
 * subscription's state account, also reached with Entra ID.
 */
export function configureAzure(ctx: RenderContext) {
  const target = azureTarget(ctx);
  // Constructs register themselves with the stack.
  // eslint-disable-next-line no-new
  new AzurermProvider(ctx.scope, 'azurerm', {
    subscriptionId: target.subscriptionId,
    tenantId: target.tenantId,
    storageUseAzuread: true,
    // Storage accounts refuse public network access, so the runner cannot
    // reach their data plane; everything Pave renders goes through ARM.
    features: [{ storage: [{ dataPlaneAvailable: false }] }],
  });
  // eslint-disable-next-line no-new
  new AzurermBackend(ctx.scope, {
    subscriptionId: target.subscriptionId,
    tenantId: target.tenantId,
    resourceGroupName: 'rg-pave-tfstate',
    storageAccountName: `pavetfstate${target.subscriptionId
      .replace(/-/g, '')
      .slice(0, 12)}`,
    containerName: 'tfstate',
    key: `${ctx.service}/${ctx.environment.name}.tfstate`,
    useAzureadAuth: true,
  });
}

/** The stack's resource group `rg-<service>-<env>`; created once. */
export function resourceGroup(ctx: RenderContext): ResourceGroup {
  const id = 'stack_rg';
  const existing = ctx.scope.node.tryFindChild(id);
  if (existing) {
    return existing as ResourceGroup;
  }
  const group = new ResourceGroup(ctx.scope, id, {
    name: `rg-${ctx.service}-${ctx.environment.name}`,
    location: azureTarget(ctx).region,
    tags: ctx.tags,
  });
  group.overrideLogicalId(id);
  return group;
}

/** Name, location and resource group every resource in the stack shares. */
export function placement(ctx: RenderContext) {
  return {
    location: azureTarget(ctx).region,
    resourceGroupName: resourceGroup(ctx).name,
  };
}

/**
 * A cloud resource name `<prefix>-<service>-<env>-<resource>-<hash>` for
 * names that are global across Azure (DNS names): the hash of the
 * subscription keeps them unique, `ctx.name` keeps them within `maxLength`.
 */
export function globalName(
  ctx: RenderContext,
  prefix: string,
  resource: string | undefined,
  maxLength = 63,
): string {
  const suffix = fnv1a(azureTarget(ctx).subscriptionId).slice(0, 4);
  return `${prefix}-${ctx.name(
    resource ?? '',
    suffix,
    maxLength - prefix.length - 1,
  )}`;
}

/**
 * A storage account name: 3–24 lower-case letters and digits, global.
 * Readable start, stable hash of service, environment, resource and
 * subscription at the end.
 */
export function storageAccountName(ctx: RenderContext, resource: string) {
  const readable = `${ctx.service}${ctx.environment.name}${resource}`
    .replace(/[^a-z0-9]/g, '')
    .slice(0, 14);
  const hash = fnv1a(
    [
      ctx.service,
      ctx.environment.name,
      resource,
      azureTarget(ctx).subscriptionId,
    ].join('/'),
  );
  return `st${readable}${hash}`;
}

/**
 * Deletion protection where the environment demands it: a CanNotDelete lock
 * (Azure has no per-resource deletion flag for these services).
 */
export function deletionLock(
  ctx: RenderContext,
  id: string,
  scope: string,
  what: string,
) {
  if (!ctx.policy.deletionProtection) {
    return;
  }
  const lock = new ManagementLock(ctx.scope, `${id}-lock`, {
    name: `lock-${ctx.name(id)}`,
    scope,
    lockLevel: 'CanNotDelete',
    notes: `Pave: ${what} in ${ctx.environment.name} must not be deleted`,
  });
  lock.overrideLogicalId(`${id}-lock`);
}

/** A short stable hash (FNV-1a, 32 bit, 8 hex digits). */
export function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
