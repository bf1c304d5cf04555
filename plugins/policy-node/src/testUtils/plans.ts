/*
 * Real plans for the policy tests and the benchmark: the infra engine
 * renders a workload for an environment, and its normalized plan records go
 * to the policy engine exactly as the wizard and the scaffolder will send them.
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
import { InfraResourceFacts } from '@pave/plugin-policy-common';

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

/** The `orders` service: one resource of each type, the database sized `dbClass`. */
export function ordersWorkload(dbClass: SizeClass = 'medium'): Workload {
  return parseInput(
    workloadSchema,
    {
      apiVersion: 'score.dev/v1b1',
      metadata: { name: 'orders' },
      containers: { main: { image: 'registry.example.com/orders:1.0.0' } },
      resources: {
        db: { type: 'postgres', class: dbClass, params: { storageGb: 50 } },
        reporting: { type: 'mysql' },
        cache: { type: 'redis' },
        jobs: { type: 'queue', params: { retentionDays: 14 } },
        events: { type: 'topic' },
        files: { type: 's3', params: { expireAfterDays: 365 } },
      },
    },
    'workload spec',
  );
}

/**
 * One environment's plan of `workload`, rendered by the infra engine, in an
 * environment of type `type` on `cloud` (in `region`, default the landing
 * zone's primary region).
 */
export function environmentPlan(
  cloud: Cloud,
  type: EnvironmentType,
  workload: Workload = ordersWorkload(),
  region?: string,
): EnvironmentPlan {
  const name = type === 'preview' ? 'preview-pr-7' : type;
  const target = TARGETS[cloud];
  return synthesizeEnvironment({
    workload,
    environment: {
      name,
      type,
      target: region ? { ...target, region } : target,
    },
    ownership: {
      owner: 'group:default/payments',
      costCenter: 'CC-2100',
      system: 'payments-platform',
    },
  }).plan;
}

/**
 * The plan records of `workload` in an environment of type `type` on
 * `cloud`, as `infra-resource` facts for the policy engine.
 */
export function planFacts(
  cloud: Cloud,
  type: EnvironmentType,
  workload: Workload = ordersWorkload(),
): InfraResourceFacts[] {
  return environmentPlan(cloud, type, workload).resources.map(record => ({
    type: 'infra-resource' as const,
    ...record,
  }));
}

/** The record playing `role` for workload resource `workloadResource`. */
export function recordOf(
  records: InfraResourceFacts[],
  workloadResource: string,
  role: string,
): InfraResourceFacts {
  const record = records.find(
    r => r.workloadResource === workloadResource && r.role === role,
  );
  if (!record) {
    throw new Error(`no ${role} record for ${workloadResource}`);
  }
  return record;
}
