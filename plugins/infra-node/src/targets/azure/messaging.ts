import { ServicebusNamespace } from '@cdktf/provider-azurerm/lib/servicebus-namespace';
import { ResourceType, SizeClass } from '@pave/plugin-infra-common';
import { RenderContext } from '../../synth/RenderContext';
import { environmentKey } from './customerManagedKey';
import { privateEndpoint } from './privateEndpoint';
import { globalName, placement } from './provider';

/**
 * The stack's Service Bus namespace, shared by its queues and topics and
 * created (and recorded) once, by the first of them. Premium in prod for
 * zone redundancy and private-only access (through a private endpoint);
 * Standard elsewhere, where Azure offers neither private endpoints nor a way
 * to close the public endpoint, so the plan says `public`.
 * Either way only Entra ID tokens are accepted (no SAS keys) over TLS 1.2+.
 * Premium encrypts with the environment's own key for confidential data
 * (Standard takes no customer-managed key).
 */
export function serviceBusNamespace(
  ctx: RenderContext,
  first: { name: string; type: ResourceType; sizeClass: SizeClass },
): ServicebusNamespace {
  const id = 'shared_servicebus';
  const existing = ctx.scope.node.tryFindChild(id);
  if (existing) {
    return existing as ServicebusNamespace;
  }
  const premium = ctx.environment.type === 'prod';
  const key = namespaceKey(ctx) ? environmentKey(ctx) : undefined;
  const namespace = new ServicebusNamespace(ctx.scope, id, {
    ...placement(ctx),
    name: globalName(ctx, 'sbns', undefined, 50),
    sku: premium ? 'Premium' : 'Standard',
    ...(premium ? { capacity: 1, premiumMessagingPartitions: 1 } : {}),
    localAuthEnabled: false,
    minimumTlsVersion: '1.2',
    publicNetworkAccessEnabled: !premium,
    ...(key
      ? {
          identity: { type: 'UserAssigned', identityIds: [key.identityId] },
          customerManagedKey: {
            keyVaultKeyId: key.keyId,
            identityId: key.identityId,
          },
        }
      : {}),
    tags: ctx.tags,
  });
  ctx.record(namespace, id, {
    workloadResource: first.name,
    resourceType: first.type,
    role: 'namespace',
    sku: premium ? 'servicebus-premium' : 'servicebus-standard',
    sizeClass: first.sizeClass,
    highAvailability: premium,
    encryptedAtRest: true,
    customerManagedKey: key !== undefined,
    encryptedInTransit: true,
    deletionProtection: false,
    exposure: premium ? 'private' : 'public',
  });
  // Only Premium supports private endpoints; Standard stays public.
  if (premium) {
    privateEndpoint(
      ctx,
      id,
      { id: namespace.id, service: 'servicebus' },
      first,
    );
  }
  ctx.output(
    'servicebus_endpoint',
    namespace.endpoint,
    'Service Bus namespace endpoint for every queue and topic',
  );
  return namespace;
}

/**
 * Whether the namespace encrypts with the environment's customer-managed
 * key: where one is due and the namespace is Premium (prod), the only tier
 * that takes one.
 */
function namespaceKey(ctx: RenderContext): boolean {
  return ctx.customerManagedKey && ctx.environment.type === 'prod';
}

/** Days as an ISO-8601 duration (`P14D`). */
export function isoDays(days: number): string {
  return `P${days}D`;
}

/** Seconds as an ISO-8601 duration (`PT30S`, `PT5M`). */
export function isoSeconds(seconds: number): string {
  return seconds % 60 === 0 ? `PT${seconds / 60}M` : `PT${seconds}S`;
}

/** What a queue or topic records: its cost is billed on the namespace. */
export function entityRecord(
  ctx: RenderContext,
  name: string,
  type: 'queue' | 'topic' | 'amqp',
  sizeClass: SizeClass,
) {
  const premium = ctx.environment.type === 'prod';
  return {
    workloadResource: name,
    resourceType: type,
    role: type === 'amqp' ? 'queue' : type,
    sizeClass,
    highAvailability: premium,
    encryptedAtRest: true,
    // Messages are stored under the namespace's key.
    customerManagedKey: namespaceKey(ctx),
    encryptedInTransit: true,
    deletionProtection: false,
    exposure: premium ? ('private' as const) : ('public' as const),
  };
}
