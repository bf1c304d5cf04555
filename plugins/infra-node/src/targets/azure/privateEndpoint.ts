import { PrivateEndpoint } from '@cdktf/provider-azurerm/lib/private-endpoint';
import { ResourceType, SizeClass } from '@pave/plugin-infra-common';
import { RenderContext } from '../../synth/RenderContext';
import { azureTarget, placement } from './provider';

/** The services Pave reaches through a private endpoint, by DNS zone. */
export type PrivateEndpointService = 'redis' | 'blob' | 'servicebus';

/**
 * The sub-resource (group id) each service exposes on a private endpoint:
 * Azure names it per service, and a wrong one fails only at apply.
 */
const SUBRESOURCE: Record<PrivateEndpointService, string> = {
  redis: 'redisCache',
  blob: 'blob',
  servicebus: 'namespace',
};

/**
 * A private endpoint on the environment's private-endpoint subnet for a
 * resource whose public network access is closed: without it nothing could
 * reach the resource. The DNS zone group registers the endpoint's address in
 * the service's `privatelink.*` zone, so clients keep using the public host
 * name and resolve it to the private address.
 */
export function privateEndpoint(
  ctx: RenderContext,
  id: string,
  target: { id: string; service: PrivateEndpointService },
  record: { name: string; type: ResourceType; sizeClass: SizeClass },
): PrivateEndpoint {
  const azure = azureTarget(ctx);
  const logicalId = `${id}-pe`;
  // Private endpoint and connection names allow 80 characters.
  const name = ctx.name(id, target.service, 76);
  const endpoint = new PrivateEndpoint(ctx.scope, logicalId, {
    ...placement(ctx),
    name: `pe-${name}`,
    subnetId: azure.privateEndpointSubnetId,
    privateServiceConnection: {
      name: `psc-${name}`,
      privateConnectionResourceId: target.id,
      subresourceNames: [SUBRESOURCE[target.service]],
      // Pave owns both sides, so the connection is approved automatically.
      isManualConnection: false,
    },
    privateDnsZoneGroup: {
      name: 'default',
      privateDnsZoneIds: [azure.privateDnsZoneIds[target.service]],
    },
    tags: ctx.tags,
  });
  // Recorded because each endpoint is billed (hourly and per GB).
  ctx.record(endpoint, logicalId, {
    workloadResource: record.name,
    resourceType: record.type,
    role: 'private-endpoint',
    sku: 'private-endpoint',
    sizeClass: record.sizeClass,
    // Azure runs private endpoints zone-redundantly where the region has zones.
    highAvailability: true,
    // It stores nothing; the service behind it enforces TLS.
    encryptedAtRest: true,
    encryptedInTransit: true,
    deletionProtection: false,
  });
  return endpoint;
}
