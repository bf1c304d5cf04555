import { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket';
import { WorkloadResource } from '@pave/plugin-infra-common';
import {
  RenderContext,
  fromTerraform,
  fromValue,
  unavailable,
} from '../../synth/RenderContext';
import { environmentKeyId, gcpTarget } from './provider';

type Bucket = Extract<WorkloadResource, { type: 's3' }>;

/**
 * Cloud Storage: a regional bucket, IAM-only access (no ACLs), public access
 * prevented, versioning with old versions cleaned up, optional expiry.
 * Google encrypts objects at rest (with the environment's own key for
 * confidential data) and serves them over TLS by default.
 */
export function renderGcpBucket(
  ctx: RenderContext,
  name: string,
  resource: Bucket,
) {
  const sizeClass = ctx.sizeClass(resource.class);
  const { projectId, region } = gcpTarget(ctx);
  const expireAfterDays = resource.params.expireAfterDays;

  const bucket = new StorageBucket(ctx.scope, name, {
    // Bucket names are global: the project id keeps them unique.
    name: ctx.name(name, projectId, 63),
    // GCS stores locations upper-case; matching avoids a perpetual diff.
    location: region.toUpperCase(),
    storageClass: 'STANDARD',
    uniformBucketLevelAccess: true,
    publicAccessPrevention: 'enforced',
    versioning: { enabled: true },
    ...(ctx.customerManagedKey
      ? { encryption: { defaultKmsKeyName: environmentKeyId(ctx) } }
      : {}),
    forceDestroy: !ctx.policy.deletionProtection,
    lifecycleRule: [
      ...(expireAfterDays
        ? [{ action: { type: 'Delete' }, condition: { age: expireAfterDays } }]
        : []),
      {
        action: { type: 'Delete' },
        // sendAgeIfZero off: an unset age must never become "age 0", which
        // would delete every live object.
        condition: {
          daysSinceNoncurrentTime: expireAfterDays ?? 90,
          withState: 'ARCHIVED',
          sendAgeIfZero: false,
        },
      },
      {
        action: { type: 'AbortIncompleteMultipartUpload' },
        condition: { age: 7 },
      },
    ],
    labels: ctx.labels,
  });
  ctx.record(bucket, name, {
    workloadResource: name,
    resourceType: 's3',
    role: 'bucket',
    sku: 'gcs-standard',
    sizeClass,
    highAvailability: true, // Regional buckets replicate across zones.
    encryptedAtRest: true,
    customerManagedKey: ctx.customerManagedKey,
    encryptedInTransit: true,
    versioning: true,
    deletionProtection: ctx.policy.deletionProtection,
  });
  ctx.output(`${name}_bucket`, bucket.name, `${name}: bucket name`);
  ctx.output(`${name}_url`, bucket.url, `${name}: bucket URL (gs://…)`);
  ctx.provide(name, {
    bucket: fromTerraform(`${name}_bucket`),
    region: fromValue(ctx.environment.target.region),
    endpoint: fromValue('https://storage.googleapis.com'),
    access_key_id: unavailable(
      "Pave grants the workload's own identity access; there are no static keys",
    ),
    secret_key: unavailable(
      "Pave grants the workload's own identity access; there are no static keys",
    ),
  });
}
