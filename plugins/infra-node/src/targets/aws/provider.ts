import { S3Backend } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { DataAwsKmsKey } from '@cdktf/provider-aws/lib/data-aws-kms-key';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { ElasticacheSubnetGroup } from '@cdktf/provider-aws/lib/elasticache-subnet-group';
import { RenderContext } from '../../synth/RenderContext';

/** Narrows the context's target to AWS. */
export function awsTarget(ctx: RenderContext) {
  const target = ctx.environment.target;
  if (target.cloud !== 'aws') {
    throw new Error(`expected an AWS target, got ${target.cloud}`);
  }
  return target;
}

/**
 * The AWS provider pinned to the environment's account and region, tags on
 * everything by default, and encrypted remote state with locking.
 */
export function configureAws(ctx: RenderContext) {
  const target = awsTarget(ctx);
  // eslint-disable-next-line no-new -- cdktf constructs add themselves to the stack
  new AwsProvider(ctx.scope, 'aws', {
    region: target.region,
    allowedAccountIds: [target.accountId],
    defaultTags: [{ tags: ctx.tags }],
  });
  // eslint-disable-next-line no-new -- cdktf constructs add themselves to the stack
  new S3Backend(ctx.scope, {
    bucket: `pave-tfstate-${target.accountId}-${target.region}`,
    key: `${ctx.service}/${ctx.environment.name}.tfstate`,
    region: target.region,
    encrypt: true,
    dynamodbTable: 'pave-tfstate-locks',
  });
}

/** The private subnets databases live in; created once per stack. */
export function dbSubnetGroup(ctx: RenderContext): string {
  const id = 'db-subnets';
  if (!ctx.scope.node.tryFindChild(id)) {
    const group = new DbSubnetGroup(ctx.scope, id, {
      name: ctx.name('db'),
      description: `Private subnets for ${ctx.service} databases (${ctx.environment.name})`,
      subnetIds: awsTarget(ctx).subnetIds,
      tags: ctx.tags,
    });
    group.overrideLogicalId(id);
  }
  return ctx.name('db');
}

/** The private subnets caches live in; created once per stack. */
export function cacheSubnetGroup(ctx: RenderContext): string {
  const id = 'cache-subnets';
  if (!ctx.scope.node.tryFindChild(id)) {
    const group = new ElasticacheSubnetGroup(ctx.scope, id, {
      name: ctx.name('cache'),
      description: `Private subnets for ${ctx.service} caches (${ctx.environment.name})`,
      subnetIds: awsTarget(ctx).subnetIds,
      tags: ctx.tags,
    });
    group.overrideLogicalId(id);
  }
  return ctx.name('cache');
}

/**
 * The ARN of the environment's customer-managed KMS key
 * (`alias/pave-<environment>`). The platform creates it, with yearly
 * rotation and a key policy that lets RDS, ElastiCache, SQS, SNS and S3 in
 * the account use it; Pave only looks it up, once per stack.
 */
export function environmentKeyArn(ctx: RenderContext): string {
  const id = 'environment_key';
  let key = ctx.scope.node.tryFindChild(id) as DataAwsKmsKey | undefined;
  if (!key) {
    key = new DataAwsKmsKey(ctx.scope, id, {
      keyId: `alias/pave-${ctx.environment.name}`,
    });
    key.overrideLogicalId(id);
  }
  return key.arn;
}

/**
 * A resource policy statement that refuses any request not made over TLS:
 * encryption in transit for SQS, SNS and S3.
 */
export function denyInsecureTransport(resourceArns: string[]) {
  return {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: '*',
    Resource: resourceArns,
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}
