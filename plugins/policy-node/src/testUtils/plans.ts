/*
 * Real plans for the policy tests and the benchmark: the infra engine
 * renders a workload for an environment, and its normalized plan records go
 * to the policy engine exactly as the wizard and the scaffolder will send them.
 */
import {
  Cloud,
  DataClassification,
  EnvironmentPlan,
  EnvironmentType,
  SizeClass,
  Workload,
  workloadSchema,
} from '@pave/plugin-infra-common';
import { parseInput } from '@pave/common';
import { testEnvironmentPlan } from '@pave/plugin-infra-node/testUtils';
import { InfraResourceFacts } from '@pave/plugin-policy-common';

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
 * zone's primary region), for a service whose data is classified
 * `dataClassification` (internal by default; `null` when unknown).
 */
export function environmentPlan(
  cloud: Cloud,
  type: EnvironmentType,
  workload: Workload = ordersWorkload(),
  region?: string,
  dataClassification: DataClassification | null = 'internal',
): EnvironmentPlan {
  return testEnvironmentPlan(cloud, type, workload, region, dataClassification);
}

/**
 * The plan records of `workload` in an environment of type `type` on
 * `cloud`, as `infra-resource` facts for the policy engine.
 */
export function planFacts(
  cloud: Cloud,
  type: EnvironmentType,
  workload: Workload = ordersWorkload(),
  dataClassification: DataClassification | null = 'internal',
): InfraResourceFacts[] {
  return environmentPlan(
    cloud,
    type,
    workload,
    undefined,
    dataClassification,
  ).resources.map(record => ({
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
