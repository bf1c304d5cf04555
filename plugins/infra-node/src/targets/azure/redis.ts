import { RedisCache } from '@cdktf/provider-azurerm/lib/redis-cache';
import { WorkloadResource } from '@pave/plugin-infra-common';
import {
  CACHE_EVICTION_POLICY,
  RenderContext,
  fromTerraform,
  fromValue,
  unavailable,
} from '../../synth/RenderContext';
import { privateEndpoint } from './privateEndpoint';
import { globalName, placement } from './provider';
import { redisSku } from './sizes';

type Redis = Extract<WorkloadResource, { type: 'redis' }>;

/**
 * Azure Cache for Redis: TLS 1.2 only (the plain port closed), no public
 * network access, Entra ID authentication with access keys switched off,
 * zone-redundant replicas on Premium where the environment demands HA.
 * Reached through a private endpoint only.
 */
export function renderAzureRedis(
  ctx: RenderContext,
  name: string,
  resource: Redis,
) {
  const sizeClass = ctx.sizeClass(resource.class);
  const ha = ctx.policy.highAvailability;
  const sku = redisSku(sizeClass, ha);

  const cache = new RedisCache(ctx.scope, name, {
    ...placement(ctx),
    name: globalName(ctx, 'redis', name),
    skuName: sku.skuName,
    family: sku.family,
    capacity: sku.capacity,
    // Azure Cache for Redis offers 6 as its newest major version, so a
    // request for 7 also runs 6 here.
    redisVersion: '6',
    nonSslPortEnabled: false,
    minimumTlsVersion: '1.2',
    publicNetworkAccessEnabled: false,
    accessKeysAuthenticationEnabled: false,
    redisConfiguration: {
      activeDirectoryAuthenticationEnabled: true,
      maxmemoryPolicy: CACHE_EVICTION_POLICY,
    },
    // Premium spreads the primary and its replica over two zones.
    ...(sku.skuName === 'Premium'
      ? { zones: ['1', '2'], replicasPerPrimary: 1 }
      : {}),
    // Patch on Sunday night (UTC), not whenever Azure chooses.
    patchSchedule: [{ dayOfWeek: 'Sunday', startHourUtc: 2 }],
    tags: ctx.tags,
  });
  const skuLabel = `redis-${sku.skuName}-${sku.family}${sku.capacity}`;
  ctx.record(cache, name, {
    workloadResource: name,
    resourceType: 'redis',
    role: 'cache',
    sku: skuLabel.toLowerCase(),
    sizeClass,
    // Basic is one node without an SLA; Standard and Premium replicate.
    highAvailability: sku.skuName !== 'Basic',
    // Azure encrypts the cache's disks with platform-managed keys; only the
    // Enterprise tiers take a customer-managed one.
    encryptedAtRest: true,
    customerManagedKey: false,
    evictionPolicy: CACHE_EVICTION_POLICY,
    encryptedInTransit: true,
    deletionProtection: false,
  });
  privateEndpoint(
    ctx,
    name,
    { id: cache.id, service: 'redis' },
    { name, type: 'redis', sizeClass },
  );
  ctx.output(`${name}_host`, cache.hostname, `${name}: cache host name`);
  ctx.output(`${name}_port`, cache.sslPort, `${name}: TLS port`);
  const entraOnly = unavailable(
    'access keys are off: the workload authenticates with a Microsoft Entra token for its managed identity',
  );
  ctx.provide(name, {
    host: fromTerraform(`${name}_host`),
    port: fromTerraform(`${name}_port`),
    username: entraOnly,
    password: entraOnly,
    // The cache is the service's own: no prefix to keep to.
    prefix: fromValue(''),
  });
}
