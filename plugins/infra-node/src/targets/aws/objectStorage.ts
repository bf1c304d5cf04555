import { Fn } from 'cdktf';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { WorkloadResource } from '@pave/plugin-infra-common';
import {
  RenderContext,
  fromValue,
  unavailable,
} from '../../synth/RenderContext';
import {
  awsTarget,
  denyInsecureTransport,
  environmentKeyArn,
} from './provider';

type Bucket = Extract<WorkloadResource, { type: 's3' }>;

/**
 * S3: KMS encryption with a bucket key (the environment's own key for
 * confidential data), versioning, every public access
 * blocked, ACLs disabled, TLS-only bucket policy, optional expiry.
 */
export function renderAwsBucket(
  ctx: RenderContext,
  name: string,
  resource: Bucket,
) {
  const sizeClass = ctx.sizeClass(resource.class);
  const { accountId } = awsTarget(ctx);
  // Bucket names are global: the account id keeps them unique.
  const bucket = new S3Bucket(ctx.scope, name, {
    bucket: ctx.name(name, accountId, 63),
    forceDestroy: !ctx.policy.deletionProtection,
    tags: ctx.tags,
  });
  const part = (
    id: string,
    construct: { overrideLogicalId(id: string): void },
  ) => construct.overrideLogicalId(`${name}-${id}`);

  part(
    'public-access',
    new S3BucketPublicAccessBlock(ctx.scope, `${name}-public-access`, {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    }),
  );
  part(
    'ownership',
    new S3BucketOwnershipControls(ctx.scope, `${name}-ownership`, {
      bucket: bucket.id,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    }),
  );
  part(
    'encryption',
    new S3BucketServerSideEncryptionConfigurationA(
      ctx.scope,
      `${name}-encryption`,
      {
        bucket: bucket.id,
        rule: [
          {
            applyServerSideEncryptionByDefault: {
              sseAlgorithm: 'aws:kms',
              kmsMasterKeyId: ctx.customerManagedKey
                ? environmentKeyArn(ctx)
                : undefined,
            },
            bucketKeyEnabled: true,
          },
        ],
      },
    ),
  );
  part(
    'versioning',
    new S3BucketVersioningA(ctx.scope, `${name}-versioning`, {
      bucket: bucket.id,
      versioningConfiguration: { status: 'Enabled' },
    }),
  );
  part(
    'policy',
    new S3BucketPolicy(ctx.scope, `${name}-policy`, {
      bucket: bucket.id,
      policy: Fn.jsonencode({
        Version: '2012-10-17',
        Statement: [denyInsecureTransport([bucket.arn, `${bucket.arn}/*`])],
      }),
    }),
  );
  const expireAfterDays = resource.params.expireAfterDays;
  part(
    'lifecycle',
    new S3BucketLifecycleConfiguration(ctx.scope, `${name}-lifecycle`, {
      bucket: bucket.id,
      rule: [
        {
          id: 'abort-incomplete-uploads',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
          ...(expireAfterDays
            ? {
                expiration: [{ days: expireAfterDays }],
                noncurrentVersionExpiration: [
                  { noncurrentDays: expireAfterDays },
                ],
              }
            : { noncurrentVersionExpiration: [{ noncurrentDays: 90 }] }),
        },
      ],
    }),
  );
  ctx.record(bucket, name, {
    workloadResource: name,
    resourceType: 's3',
    role: 'bucket',
    sku: 's3-standard',
    sizeClass,
    highAvailability: true,
    encryptedAtRest: true,
    customerManagedKey: ctx.customerManagedKey,
    encryptedInTransit: true,
    versioning: true,
    deletionProtection: ctx.policy.deletionProtection,
  });
  ctx.output(`${name}_bucket`, bucket.bucket, `${name}: bucket name`);
  ctx.output(`${name}_arn`, bucket.arn, `${name}: bucket ARN`);
  const region = ctx.environment.target.region;
  ctx.provide(name, {
    bucket: fromValue(ctx.name(name, accountId, 63)),
    region: fromValue(region),
    endpoint: fromValue(`https://s3.${region}.amazonaws.com`),
    access_key_id: unavailable(
      "Pave grants the workload's own identity access to the bucket; there are no static keys",
    ),
    secret_key: unavailable(
      "Pave grants the workload's own identity access to the bucket; there are no static keys",
    ),
  });
}
