import { DataAzurermKeyVaultKey } from '@cdktf/provider-azurerm/lib/data-azurerm-key-vault-key';
import { DataAzurermUserAssignedIdentity } from '@cdktf/provider-azurerm/lib/data-azurerm-user-assigned-identity';
import { RenderContext } from '../../synth/RenderContext';
import { secretsVault } from './database';

/** The environment's customer-managed key and the identity that may use it. */
export interface EnvironmentKey {
  /** Versionless Key Vault key id: services follow the key's rotation. */
  keyId: string;
  /** Resource id of the user-assigned identity granted the key. */
  identityId: string;
}

/**
 * The environment's customer-managed key (`pave-cmk` in the environment's
 * Key Vault) and the managed identity (`id-pave-cmk-<environment>` in
 * `rg-pave-secrets`) the platform granted "Key Vault Crypto Service
 * Encryption User" on it. Servers and accounts encrypt with the key as
 * that identity; Pave only looks both up, once per stack.
 */
export function environmentKey(ctx: RenderContext): EnvironmentKey {
  const keyLogicalId = 'environment_key';
  const identityLogicalId = 'environment_key_identity';
  let key = ctx.scope.node.tryFindChild(keyLogicalId) as
    | DataAzurermKeyVaultKey
    | undefined;
  let identity = ctx.scope.node.tryFindChild(identityLogicalId) as
    | DataAzurermUserAssignedIdentity
    | undefined;
  if (!key || !identity) {
    key = new DataAzurermKeyVaultKey(ctx.scope, keyLogicalId, {
      name: 'pave-cmk',
      keyVaultId: secretsVault(ctx).id,
    });
    key.overrideLogicalId(keyLogicalId);
    identity = new DataAzurermUserAssignedIdentity(
      ctx.scope,
      identityLogicalId,
      {
        name: `id-pave-cmk-${ctx.environment.name}`,
        resourceGroupName: 'rg-pave-secrets',
      },
    );
    identity.overrideLogicalId(identityLogicalId);
  }
  return { keyId: key.versionlessId, identityId: identity.id };
}
