import { ElasticacheParameterGroup } from '@cdktf/provider-aws/lib/elasticache-parameter-group';
import { ElasticacheReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-replication-group';
import { ElasticacheUser } from '@cdktf/provider-aws/lib/elasticache-user';
import { ElasticacheUserGroup } from '@cdktf/provider-aws/lib/elasticache-user-group';
import { WorkloadResource } from '@pave/plugin-infra-common';
import {
  CACHE_EVICTION_POLICY,
  RenderContext,
  fromTerraform,
  fromValue,
  unavailable,
} from '../../synth/RenderContext';
import { generatedCredentials } from './credentials';
import { awsTarget, cacheSubnetGroup, environmentKeyArn } from './provider';
import { AWS_CACHE_NODE_TYPE } from './sizes';

type Redis = Extract<WorkloadResource, { type: 'redis' }>;

/**
 * ElastiCache for Redis OSS: private subnets, encryption at rest and TLS
 * required (with the environment's own key for confidential data), IAM
 * authentication through a user group (no AUTH password), an explicit
 * eviction policy, a replica with automatic fail-over where the environment
 * demands HA.
 */
export function renderAwsRedis(
  ctx: RenderContext,
  name: string,
  resource: Redis,
) {
  const sizeClass = ctx.sizeClass(resource.class);
  const { policy } = ctx;
  const version = resource.params.version ?? '7';
  const userId = ctx.name(name, 'app', 40);

  // The default user must exist in every group; it is disabled ("off").
  const defaultUser = new ElasticacheUser(ctx.scope, `${name}-default-user`, {
    userId: ctx.name(name, 'default', 40),
    userName: 'default',
    engine: 'redis',
    accessString: 'off -@all',
    authenticationMode: { type: 'no-password-required' },
    tags: ctx.tags,
  });
  defaultUser.overrideLogicalId(`${name}-default-user`);
  // IAM authentication unless the workload asks for a password (Score's
  // redis outputs include one): then Secrets Manager generates it.
  const credentials = ctx.references(name, 'password')
    ? generatedCredentials(ctx, name, { type: 'redis', sizeClass }, userId)
    : undefined;
  const appUser = new ElasticacheUser(ctx.scope, `${name}-user`, {
    userId,
    userName: userId,
    engine: 'redis',
    accessString: 'on ~* +@all -@dangerous',
    authenticationMode: credentials
      ? { type: 'password', passwords: [credentials.password] }
      : { type: 'iam' },
    lifecycle: credentials
      ? { ignoreChanges: ['authentication_mode'] }
      : undefined,
    tags: ctx.tags,
  });
  appUser.overrideLogicalId(`${name}-user`);
  const users = new ElasticacheUserGroup(ctx.scope, `${name}-users`, {
    userGroupId: ctx.name(name, 'users', 40),
    engine: 'redis',
    userIds: [defaultUser.userId, appUser.userId],
    tags: ctx.tags,
  });
  users.overrideLogicalId(`${name}-users`);

  // The default parameter group cannot be changed; this one states the
  // eviction policy so the plan can say what a full cache does.
  const parameters = new ElasticacheParameterGroup(
    ctx.scope,
    `${name}-params`,
    {
      name: ctx.name(name, 'params'),
      family: version === '7' ? 'redis7' : 'redis6.x',
      description: `Eviction policy for ${name}`,
      parameter: [{ name: 'maxmemory-policy', value: CACHE_EVICTION_POLICY }],
      tags: ctx.tags,
    },
  );
  parameters.overrideLogicalId(`${name}-params`);

  const group = new ElasticacheReplicationGroup(ctx.scope, name, {
    replicationGroupId: ctx.name(name, undefined, 40),
    description: `${ctx.service} ${name} (${ctx.environment.name})`,
    engine: 'redis',
    engineVersion: version === '7' ? '7.1' : '6.2',
    nodeType: AWS_CACHE_NODE_TYPE[sizeClass],
    numCacheClusters: policy.highAvailability ? 2 : 1,
    automaticFailoverEnabled: policy.highAvailability,
    multiAzEnabled: policy.highAvailability,
    subnetGroupName: cacheSubnetGroup(ctx),
    securityGroupIds: awsTarget(ctx).securityGroupIds,
    parameterGroupName: parameters.name,
    atRestEncryptionEnabled: 'true',
    kmsKeyId: ctx.customerManagedKey ? environmentKeyArn(ctx) : undefined,
    transitEncryptionEnabled: true,
    transitEncryptionMode: 'required',
    userGroupIds: [users.userGroupId],
    snapshotRetentionLimit: Math.min(policy.backupRetentionDays, 35),
    autoMinorVersionUpgrade: 'true',
    tags: ctx.tags,
  });
  ctx.record(group, name, {
    workloadResource: name,
    resourceType: 'redis',
    role: 'cache',
    sku: AWS_CACHE_NODE_TYPE[sizeClass],
    sizeClass,
    highAvailability: policy.highAvailability,
    encryptedAtRest: true,
    customerManagedKey: ctx.customerManagedKey,
    encryptedInTransit: true,
    evictionPolicy: CACHE_EVICTION_POLICY,
    deletionProtection: false,
    backupRetentionDays: Math.min(policy.backupRetentionDays, 35),
  });
  ctx.output(
    `${name}_host`,
    group.primaryEndpointAddress,
    `${name}: primary endpoint`,
  );
  ctx.output(
    `${name}_user`,
    appUser.userName,
    credentials
      ? `${name}: application user`
      : `${name}: IAM-authenticated user`,
  );
  ctx.provide(name, {
    host: fromTerraform(`${name}_host`),
    // ElastiCache's default port; the group sets no other.
    port: fromValue(6379),
    username: fromTerraform(`${name}_user`),
    password:
      credentials?.resolution ??
      unavailable('the cache uses IAM authentication'),
    // The cache is the service's own: no prefix to keep to.
    prefix: fromValue(''),
  });
}
