import { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account';
import { StorageContainer } from '@cdktf/provider-azurerm/lib/storage-container';
import { StorageManagementPolicy } from '@cdktf/provider-azurerm/lib/storage-management-policy';
import { WorkloadResource } from '@pave/plugin-infra-common';
import {
  RenderContext,
  fromTerraform,
  fromValue,
  unavailable,
} from '../../synth/RenderContext';
import { privateEndpoint } from './privateEndpoint';
import { environmentKey } from './customerManagedKey';
import { deletionLock, placement, storageAccountName } from './provider';
import { clamp } from './sizes';

type Bucket = Extract<WorkloadResource, { type: 's3' }>;

/**
 * A storage account with one private blob container: zone-redundant (geo-
 * too in prod), double encryption, TLS 1.2 over HTTPS only, no public
 * network access, no anonymous blobs, no shared keys or SAS (Entra ID
 * only), versioning and soft delete, old versions expired, optional expiry.
 * Blobs are reached through a private endpoint only.
 */
export function renderAzureBucket(
  ctx: RenderContext,
  name: string,
  resource: Bucket,
) {
  const sizeClass = ctx.sizeClass(resource.class);
  const replication = ctx.environment.type === 'prod' ? 'GZRS' : 'ZRS';
  // Soft delete keeps deleted blobs recoverable for the backup period,
  // at least a week.
  const softDeleteDays = clamp(ctx.policy.backupRetentionDays, 7, 365);
  const key = ctx.customerManagedKey ? environmentKey(ctx) : undefined;

  const account = new StorageAccount(ctx.scope, name, {
    ...placement(ctx),
    name: storageAccountName(ctx, name),
    accountKind: 'StorageV2',
    accountTier: 'Standard',
    accountReplicationType: replication,
    minTlsVersion: 'TLS1_2',
    httpsTrafficOnlyEnabled: true,
    allowNestedItemsToBePublic: false,
    publicNetworkAccessEnabled: false,
    sharedAccessKeyEnabled: false,
    defaultToOauthAuthentication: true,
    infrastructureEncryptionEnabled: true,
    // The environment's own key for confidential data.
    ...(key
      ? {
          identity: { type: 'UserAssigned', identityIds: [key.identityId] },
          customerManagedKey: {
            keyVaultKeyId: key.keyId,
            userAssignedIdentityId: key.identityId,
          },
        }
      : {}),
    crossTenantReplicationEnabled: false,
    localUserEnabled: false,
    sftpEnabled: false,
    blobProperties: {
      versioningEnabled: true,
      deleteRetentionPolicy: { days: softDeleteDays },
      containerDeleteRetentionPolicy: { days: softDeleteDays },
    },
    tags: ctx.tags,
  });
  const part = (
    id: string,
    construct: { overrideLogicalId(i: string): void },
  ) => construct.overrideLogicalId(`${name}-${id}`);

  // By account id, the container is created through Azure Resource Manager,
  // which works although the account's own endpoint is closed.
  const container = new StorageContainer(ctx.scope, `${name}-container`, {
    // Container names need three characters; resource names may have two.
    name: name.length >= 3 ? name : `${name}-data`,
    storageAccountId: account.id,
    containerAccessType: 'private',
  });
  part('container', container);

  const expireAfterDays = resource.params.expireAfterDays;
  part(
    'lifecycle',
    new StorageManagementPolicy(ctx.scope, `${name}-lifecycle`, {
      storageAccountId: account.id,
      rule: [
        {
          // Rule names: letters and digits only.
          name: expireAfterDays ? 'expire' : 'expireoldversions',
          enabled: true,
          filters: { blobTypes: ['blockBlob'] },
          actions: expireAfterDays
            ? {
                baseBlob: {
                  deleteAfterDaysSinceModificationGreaterThan: expireAfterDays,
                },
                version: { deleteAfterDaysSinceCreation: expireAfterDays },
              }
            : // Versioning alone would keep every overwritten version forever.
              { version: { deleteAfterDaysSinceCreation: 90 } },
        },
      ],
    }),
  );
  deletionLock(ctx, name, account.id, `storage account ${name}`);

  ctx.record(account, name, {
    workloadResource: name,
    resourceType: 's3',
    role: 'bucket',
    sku: `storage-${replication.toLowerCase()}`,
    sizeClass,
    highAvailability: true,
    encryptedAtRest: true,
    customerManagedKey: ctx.customerManagedKey,
    encryptedInTransit: true,
    versioning: true,
    deletionProtection: ctx.policy.deletionProtection,
  });
  privateEndpoint(
    ctx,
    name,
    { id: account.id, service: 'blob' },
    { name, type: 's3', sizeClass },
  );
  ctx.output(`${name}_account`, account.name, `${name}: storage account name`);
  ctx.output(
    `${name}_endpoint`,
    account.primaryBlobEndpoint,
    `${name}: blob endpoint`,
  );
  ctx.output(`${name}_container`, container.name, `${name}: container name`);
  ctx.provide(name, {
    bucket: fromTerraform(`${name}_container`),
    region: fromValue(ctx.environment.target.region),
    endpoint: fromTerraform(`${name}_endpoint`),
    access_key_id: unavailable(
      "Pave grants the workload's own identity access; there are no static keys",
    ),
    secret_key: unavailable(
      "Pave grants the workload's own identity access; there are no static keys",
    ),
  });
}
