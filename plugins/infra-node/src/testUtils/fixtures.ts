import {
  Cloud,
  DataClassification,
  Environment,
  EnvironmentPlan,
  EnvironmentType,
  Ownership,
  Workload,
  workloadSchema,
} from '@pave/plugin-infra-common';
import { parseInput } from '@pave/common';
import { planEnvironment } from '../synth/synthesizeEnvironment';

const SUB = '00000000-0000-4000-8000-000000000001';
const NET = `/subscriptions/${SUB}/resourceGroups/rg-network/providers/Microsoft.Network`;

/**
 * One landing zone per cloud, shaped as a platform team configures
 * `pave.infra.environments.*.target`: accounts, subnets, private DNS zones.
 *
 * @public
 */
export const TEST_TARGETS: Record<Cloud, Environment['target']> = {
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
    privateEndpointSubnetId: `${NET}/virtualNetworks/vnet-prod/subnets/snet-private-endpoints`,
    privateDnsZoneIds: {
      redis: `${NET}/privateDnsZones/privatelink.redis.cache.windows.net`,
      blob: `${NET}/privateDnsZones/privatelink.blob.core.windows.net`,
      servicebus: `${NET}/privateDnsZones/privatelink.servicebus.windows.net`,
    },
  },
};

/**
 * An environment of `type` on `cloud`'s landing zone, named after its type
 * (`preview-pr-42` for a preview), optionally in another region.
 *
 * @public
 */
export function testEnvironment(
  cloud: Cloud,
  type: EnvironmentType,
  region?: string,
): Environment {
  const target = TEST_TARGETS[cloud];
  return {
    name: type === 'preview' ? 'preview-pr-42' : type,
    type,
    target: region ? { ...target, region } : target,
  };
}

/**
 * One environment per type on a cloud: dev, a preview, staging and prod.
 *
 * @public
 */
export function environmentsFor(cloud: Cloud): Environment[] {
  return (['dev', 'preview', 'staging', 'prod'] as const).map(type =>
    testEnvironment(cloud, type),
  );
}

/**
 * The payments team's ownership of a service holding internal data (no
 * customer-managed keys due; pass another classification to
 * {@link testEnvironmentPlan} for those).
 *
 * @public
 */
export const ownership: Ownership = {
  owner: 'group:default/payments',
  costCenter: 'CC-2100',
  system: 'payments-platform',
  dataClassification: 'internal',
};

/**
 * A workload using every resource type (6 resources), with parameters set.
 *
 * @public
 */
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

/**
 * One environment's plan of `workload`, planned by the engine in an
 * environment of `type` on `cloud` (in `region`, default the landing zone's),
 * for the payments team's service, its data classified `dataClassification`
 * (internal by default; `null` for a service whose classification is
 * unknown).
 *
 * @public
 */
export function testEnvironmentPlan(
  cloud: Cloud,
  type: EnvironmentType,
  workload: Workload = fullWorkload,
  region?: string,
  dataClassification: DataClassification | null = 'internal',
): EnvironmentPlan {
  const { dataClassification: _internal, ...owner } = ownership;
  return planEnvironment({
    workload,
    environment: testEnvironment(cloud, type, region),
    ownership: dataClassification ? { ...owner, dataClassification } : owner,
  });
}

const SMALL_AWS = {
  cloud: 'aws',
  region: 'eu-west-1',
  accountId: '111111111111',
  subnetIds: ['subnet-0a1b2c3d', 'subnet-0a1b2c3e'],
  securityGroupIds: ['sg-0a1b2c3d'],
};

/**
 * A small real `pave.infra` configuration — dev, prod and previews on AWS —
 * for backends under test that plan workloads.
 *
 * @public
 */
export const testInfraConfig = {
  environments: {
    dev: { type: 'dev', target: SMALL_AWS },
    prod: {
      type: 'prod',
      target: { ...SMALL_AWS, accountId: '222222222222' },
    },
  },
  previewTarget: SMALL_AWS,
};
