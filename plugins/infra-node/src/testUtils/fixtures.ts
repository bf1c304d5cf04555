import {
  Environment,
  Ownership,
  Workload,
  parseInput,
  workloadSchema,
} from '@pave/plugin-infra-common';

/** A workload using every resource type (6 resources). */
export const fullWorkload: Workload = parseInput(
  workloadSchema,
  {
    apiVersion: 'score.dev/v1b1',
    metadata: { name: 'orders' },
    containers: { main: { image: 'registry.example.com/orders:1.0.0' } },
    resources: {
      db: {
        type: 'postgres',
        class: 'medium',
        params: { version: '16', storageGb: 50 },
      },
      reporting: { type: 'mysql', params: { version: '8.0' } },
      cache: { type: 'redis', class: 'small' },
      jobs: {
        type: 'queue',
        params: { fifo: true, retentionDays: 14, maxReceiveCount: 3 },
      },
      events: { type: 'topic' },
      files: { type: 's3', params: { expireAfterDays: 365 } },
    },
  },
  'workload spec',
);

export const ownership: Ownership = {
  owner: 'group:default/payments',
  costCenter: 'CC-2100',
  system: 'payments-platform',
};

const AWS_TARGET = {
  cloud: 'aws' as const,
  region: 'eu-west-1',
  accountId: '123456789012',
  subnetIds: ['subnet-0a1b2c3d4e5f60718', 'subnet-0a1b2c3d4e5f60719'],
  securityGroupIds: ['sg-0a1b2c3d4e5f60718'],
};
const GCP_TARGET = {
  cloud: 'gcp' as const,
  region: 'europe-west1',
  projectId: 'meridian-payments-prod',
  network: 'projects/meridian-net/global/networks/shared-vpc',
};
const SUB = '00000000-0000-4000-8000-000000000001';
const AZURE_TARGET = {
  cloud: 'azure' as const,
  region: 'westeurope',
  subscriptionId: SUB,
  tenantId: '00000000-0000-4000-8000-000000000002',
  delegatedSubnetId: `/subscriptions/${SUB}/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-prod/subnets/snet-data`,
  privateDnsZoneId: `/subscriptions/${SUB}/resourceGroups/rg-network/providers/Microsoft.Network/privateDnsZones/privatelink.postgres.database.azure.com`,
  mysqlDelegatedSubnetId: `/subscriptions/${SUB}/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-prod/subnets/snet-mysql`,
  mysqlPrivateDnsZoneId: `/subscriptions/${SUB}/resourceGroups/rg-network/providers/Microsoft.Network/privateDnsZones/privatelink.mysql.database.azure.com`,
  privateEndpointSubnetId: `/subscriptions/${SUB}/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-prod/subnets/snet-private-endpoints`,
  privateDnsZoneIds: {
    redis: `/subscriptions/${SUB}/resourceGroups/rg-network/providers/Microsoft.Network/privateDnsZones/privatelink.redis.cache.windows.net`,
    blob: `/subscriptions/${SUB}/resourceGroups/rg-network/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net`,
    servicebus: `/subscriptions/${SUB}/resourceGroups/rg-network/providers/Microsoft.Network/privateDnsZones/privatelink.servicebus.windows.net`,
  },
};

/** One environment per type on each cloud. */
export function environmentsFor(cloud: 'aws' | 'gcp' | 'azure'): Environment[] {
  const target = { aws: AWS_TARGET, gcp: GCP_TARGET, azure: AZURE_TARGET }[
    cloud
  ];
  return [
    { name: 'dev', type: 'dev', target },
    { name: 'preview-pr-42', type: 'preview', target },
    { name: 'staging', type: 'staging', target },
    { name: 'prod', type: 'prod', target },
  ];
}
