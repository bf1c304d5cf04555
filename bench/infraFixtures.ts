/* Inputs shared by the infra benchmarks: realistic, valid, and the same every run. */
import { parseInput } from '@pave/common';
import {
  Cloud,
  Environment,
  Ownership,
  Workload,
  workloadSchema,
} from '@pave/plugin-infra-common';
import { TEST_TARGETS } from '@pave/plugin-infra-node/testUtils';

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

/** dev, staging and prod on one cloud. */
export function benchEnvironments(cloud: Cloud): Environment[] {
  const target = TEST_TARGETS[cloud];
  return (['dev', 'staging', 'prod'] as const).map(name => ({
    name,
    type: name,
    target,
  }));
}
