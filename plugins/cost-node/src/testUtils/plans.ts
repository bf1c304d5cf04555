/*
 * Real plans for the cost tests and the benchmark: the infra engine renders
 * a workload for an environment of a given type, cloud and region, and its
 * normalized plan is what the estimator prices.
 */
import {
  Cloud,
  EnvironmentPlan,
  EnvironmentType,
  SizeClass,
  Workload,
  workloadSchema,
} from '@pave/plugin-infra-common';
import { parseInput } from '@pave/common';
import { testEnvironmentPlan } from '@pave/plugin-infra-node/testUtils';

/** The EU regions the region policies allow, per cloud (primary first). */
export const ALLOWED_REGIONS: Record<Cloud, string[]> = {
  aws: ['eu-west-1', 'eu-central-1'],
  gcp: ['europe-west1', 'europe-west3'],
  azure: ['westeurope', 'germanywestcentral'],
};

/**
 * A workload with every resource type at `sizeClass`, FIFO and standard
 * queues and topics both: 8 resources, and a container requesting half a
 * core and 1 GiB.
 */
export function everyResource(sizeClass: SizeClass = 'small'): Workload {
  return parseInput(
    workloadSchema,
    {
      apiVersion: 'score.dev/v1b1',
      metadata: { name: 'orders' },
      containers: {
        main: {
          image: 'registry.example.com/orders:1.0.0',
          resources: { requests: { cpu: '500m', memory: '1Gi' } },
        },
      },
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

/**
 * What only Score files bring in: an amqp broker and a Redis user with a
 * password (AWS and Azure; Google Cloud offers no amqp).
 */
export function scoreResources(sizeClass: SizeClass = 'small'): Workload {
  return parseInput(
    workloadSchema,
    {
      apiVersion: 'score.dev/v1b1',
      metadata: { name: 'orders' },
      containers: {
        main: {
          image: 'registry.example.com/orders:1.0.0',
          variables: { AMQP_HOST: '${resources.broker.host}' },
          // Limits only: Kubernetes requests what the limits say.
          resources: { limits: { cpu: '1', memory: '512Mi' } },
        },
      },
      resources: { broker: { type: 'amqp', class: sizeClass } },
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
  return testEnvironmentPlan(cloud, type, workload, region);
}
