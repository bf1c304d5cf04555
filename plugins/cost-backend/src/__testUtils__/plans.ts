/*
 * Real plans for the cost tests and the benchmark: the infra engine renders
 * a workload for an environment of a given type, cloud and region, and its
 * normalized plan is what the estimator prices.
 */
import {
  Cloud,
  Environment,
  EnvironmentPlan,
  EnvironmentType,
  SizeClass,
  Workload,
  parseInput,
  workloadSchema,
} from '@pave/plugin-infra-common';
import { synthesizeEnvironment } from '@pave/plugin-infra-node';

const SUB = '00000000-0000-4000-8000-000000000001';
const NET = `/subscriptions/${SUB}/resourceGroups/rg-network/providers/Microsoft.Network`;

/** Landing-zone targets shaped like infra-node's test fixtures. */
const TARGETS: Record<Cloud, Environment['target']> = {
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
    projectId: 'meridian-payments-prod',
    network: 'projects/meridian-net/global/networks/shared-vpc',
  },
  azure: {
    cloud: 'azure',
    region: 'westeurope',
    subscriptionId: SUB,
    tenantId: '00000000-0000-4000-8000-000000000002',
    delegatedSubnetId: `${NET}/virtualNetworks/vnet-prod/subnets/snet-data`,
    privateDnsZoneId: `${NET}/privateDnsZones/privatelink.postgres.database.azure.com`,
    mysqlDelegatedSubnetId: `${NET}/virtualNetworks/vnet-prod/subnets/snet-mysql`,
    mysqlPrivateDnsZoneId: `${NET}/privateDnsZones/privatelink.mysql.database.azure.com`,
    privateEndpointSubnetId: `${NET}/virtualNetworks/vnet-prod/subnets/snet-pe`,
    privateDnsZoneIds: {
      redis: `${NET}/privateDnsZones/privatelink.redis.cache.windows.net`,
      blob: `${NET}/privateDnsZones/privatelink.blob.core.windows.net`,
      servicebus: `${NET}/privateDnsZones/privatelink.servicebus.windows.net`,
    },
  },
};

/** The EU regions the region policies allow, per cloud (primary first). */
export const ALLOWED_REGIONS: Record<Cloud, string[]> = {
  aws: ['eu-west-1', 'eu-central-1'],
  gcp: ['europe-west1', 'europe-west3'],
  azure: ['westeurope', 'germanywestcentral'],
};

/**
 * A workload with every resource type at `sizeClass`, FIFO and standard
 * queues and topics both: 8 resources.
 */
export function everyResource(sizeClass: SizeClass = 'small'): Workload {
  return parseInput(
    workloadSchema,
    {
      apiVersion: 'score.dev/v1b1',
      metadata: { name: 'orders' },
      containers: { main: { image: 'registry.example.com/orders:1.0.0' } },
      resources: {
        db: { type: 'postgres', class: sizeClass },
        reporting: { type: 'mysql', class: sizeClass },
        cache: { type: 'redis', class: sizeClass },
        jobs: { type: 'queue', class: sizeClass, params: { fifo: true } },
        tasks: { type: 'queue', class: sizeClass },
        events: { type: 'topic', class: sizeClass },
        ledger: { type: 'topic', class: sizeClass, params: { fifo: true } },
        files: { type: 's3', class: sizeClass },
      },
    },
    'workload spec',
  );
}

/** One environment's plan of `workload`, rendered by the infra engine. */
export function environmentPlan(
  cloud: Cloud,
  type: EnvironmentType,
  workload: Workload = everyResource(),
  region: string = ALLOWED_REGIONS[cloud][0],
): EnvironmentPlan {
  const name = type === 'preview' ? 'preview-pr-7' : type;
  return synthesizeEnvironment({
    workload,
    environment: { name, type, target: { ...TARGETS[cloud], region } },
    ownership: {
      owner: 'group:default/payments',
      costCenter: 'CC-2100',
      system: 'payments-platform',
    },
  }).plan;
}
