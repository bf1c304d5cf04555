/* Inputs shared by the infra benchmarks: realistic, valid, and the same every run. */
import {
  Environment,
  Ownership,
  Workload,
  parseInput,
  workloadSchema,
} from '@pave/plugin-infra-common';

export const benchOwnership: Ownership = {
  owner: 'group:default/payments',
  costCenter: 'CC-2100',
  system: 'payments-platform',
};

/** A 6-resource workload: one of each type. */
export function benchWorkload(name: string, variant = 0): Workload {
  const classes = ['small', 'medium', 'large'] as const;
  return parseInput(
    workloadSchema,
    {
      apiVersion: 'score.dev/v1b1',
      metadata: { name },
      containers: { main: { image: `registry.example.com/${name}:1.0.0` } },
      resources: {
        db: {
          type: 'postgres',
          class: classes[variant % 3],
          params: { storageGb: 20 + variant },
        },
        reporting: { type: 'mysql' },
        cache: { type: 'redis', class: classes[(variant + 1) % 3] },
        jobs: { type: 'queue', params: { fifo: variant % 2 === 0 } },
        events: { type: 'topic' },
        files: { type: 's3', params: { expireAfterDays: 30 + variant } },
      },
    },
    'workload',
  );
}

const SUB = '00000000-0000-4000-8000-000000000001';
const TARGETS = {
  aws: {
    cloud: 'aws',
    region: 'eu-west-1',
    accountId: '123456789012',
    subnetIds: ['subnet-0a1b2c3d4e5f60718', 'subnet-0a1b2c3d4e5f60719'],
    securityGroupIds: ['sg-0a1b2c3d4e5f60718'],
  },
  gcp: {
    cloud: 'gcp',
    region: 'europe-west1',
    projectId: 'meridian-payments',
    network: 'projects/meridian-net/global/networks/shared-vpc',
  },
  azure: {
    cloud: 'azure',
    region: 'westeurope',
    subscriptionId: SUB,
    tenantId: '00000000-0000-4000-8000-000000000002',
    delegatedSubnetId: `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/snet-pg`,
    privateDnsZoneId: `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/privateDnsZones/privatelink.postgres.database.azure.com`,
    mysqlDelegatedSubnetId: `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/snet-mysql`,
    mysqlPrivateDnsZoneId: `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/privateDnsZones/privatelink.mysql.database.azure.com`,
    privateEndpointSubnetId: `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/snet-pe`,
    privateDnsZoneIds: {
      redis: `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/privateDnsZones/privatelink.redis.cache.windows.net`,
      blob: `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net`,
      servicebus: `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/privateDnsZones/privatelink.servicebus.windows.net`,
    },
  },
} as const;

/** dev, staging and prod on one cloud. */
export function benchEnvironments(cloud: keyof typeof TARGETS): Environment[] {
  const target = TARGETS[cloud] as unknown as Environment['target'];
  return (['dev', 'staging', 'prod'] as const).map(name => ({
    name,
    type: name,
    target,
  }));
}
