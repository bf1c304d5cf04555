import { z } from 'zod';
import {
  Cloud,
  EnvironmentType,
  SizeClass,
  cloudSchema,
  environmentTypeSchema,
} from './environment';
import { RESOURCE_TYPES, ResourceType } from './workload';

/**
 * One cloud resource the engine will create, normalized across clouds. The
 * policy and cost plugins read only these records, never Terraform.
 *
 * @public
 */
export interface PlanRecord {
  /** Terraform address, e.g. `aws_db_instance.orders-db`. */
  address: string;
  /** The workload resource it serves (the key under `resources:`). */
  workloadResource: string;
  /** The workload resource's type. */
  resourceType: ResourceType;
  /** What this record is within that resource (`database`, `dead-letter-queue`, …). */
  role: string;
  provider: Cloud;
  /** Terraform resource type, e.g. `aws_db_instance`. */
  terraformType: string;
  /** The cloud's SKU or instance class (`db.m7g.large`, `GP_Standard_D2ds_v5`), if priced by one. */
  sku?: string;
  /** The t-shirt size the environment runs. */
  sizeClass: SizeClass;
  /** Provisioned storage in GB, where storage is provisioned. */
  storageGb?: number;
  highAvailability: boolean;
  encryptedAtRest: boolean;
  encryptedInTransit: boolean;
  /** `private` unless reachable from the internet; Pave never renders `public`. */
  exposure: 'private' | 'public';
  deletionProtection: boolean;
  /** Backup retention in days, for stateful resources. */
  backupRetentionDays?: number;
  region: string;
  environment: string;
  environmentType: EnvironmentType;
  /** Tags (AWS, Azure) or labels (GCP) on the resource. */
  tags: Record<string, string>;
}

/**
 * The engine's output for one environment.
 *
 * @public
 */
export interface EnvironmentPlan {
  environment: string;
  environmentType: EnvironmentType;
  cloud: Cloud;
  region: string;
  resources: PlanRecord[];
  /** Terraform outputs with connection details (names only; values come at apply). */
  outputs: string[];
}

const text = (max: number) =>
  z.string().min(1).max(max, `must be at most ${max} characters`);

/**
 * A {@link PlanRecord} as other plugins receive it over HTTP (the policy
 * engine's infra resource facts, the cost estimator's plans): the checks a
 * caller-supplied record must pass.
 *
 * @public
 */
export const planRecordSchema = z
  .object({
    address: text(300),
    workloadResource: text(100),
    resourceType: z.enum(RESOURCE_TYPES as [ResourceType, ...ResourceType[]]),
    role: text(100),
    provider: cloudSchema,
    terraformType: text(100),
    sku: text(100).optional(),
    sizeClass: z.enum(['small', 'medium', 'large']),
    storageGb: z.number().int().min(0).max(65_536).optional(),
    highAvailability: z.boolean(),
    encryptedAtRest: z.boolean(),
    encryptedInTransit: z.boolean(),
    exposure: z.enum(['private', 'public']),
    deletionProtection: z.boolean(),
    backupRetentionDays: z.number().int().min(0).optional(),
    region: text(50),
    environment: text(50),
    environmentType: environmentTypeSchema,
    tags: z
      .record(text(128), z.string().max(256))
      .refine(tags => Object.keys(tags).length <= 64, {
        message: 'must have at most 64 tags',
      }),
  })
  .strict();

/**
 * One environment's plan, as `/api/infra/plan` returns it.
 *
 * @public
 */
export const environmentPlanSchema = z
  .object({
    environment: text(50),
    environmentType: environmentTypeSchema,
    cloud: cloudSchema,
    region: text(50),
    resources: z
      .array(planRecordSchema)
      .max(1000, 'must have at most 1000 records'),
    outputs: z.array(text(200)).max(2000).default([]),
  })
  .strict();

/**
 * The plans of a workload, one per environment (1 to 10), as they travel
 * between plugins and scaffolder steps.
 *
 * @public
 */
export const environmentPlansSchema = z
  .array(environmentPlanSchema)
  .min(1, 'must hold at least one environment plan')
  .max(10, 'must hold at most 10 environment plans');
