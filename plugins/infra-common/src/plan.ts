import { z } from 'zod';
import {
  Cloud,
  EnvironmentType,
  SizeClass,
  cloudSchema,
  environmentTypeSchema,
} from './environment';
import {
  DataClassification,
  dataClassificationSchema,
} from './dataClassification';
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
  /**
   * Encrypted at rest with a customer-managed key (AWS KMS, Cloud KMS, Key
   * Vault) rather than one the provider manages; for records that store
   * data (absent on private endpoints).
   */
  customerManagedKey?: boolean;
  /** Buckets: every overwritten or deleted object keeps its old version. */
  versioning?: boolean;
  /** Queues: messages that keep failing move to a dead-letter queue. */
  deadLetterQueue?: boolean;
  /**
   * Caches: what a full cache does (Redis `maxmemory-policy`, e.g.
   * `volatile-lru`); `noeviction` refuses writes instead.
   */
  evictionPolicy?: string;
  /** The service's data classification; absent when unknown. */
  dataClassification?: DataClassification;
  region: string;
  environment: string;
  environmentType: EnvironmentType;
  /** Tags (AWS, Azure) or labels (GCP) on the resource. */
  tags: Record<string, string>;
}

/**
 * Where one Score output's value comes from in one environment. Values are
 * never secret: a secret is only ever the name of a Kubernetes Secret key
 * and of where the pipeline reads it.
 *
 * @public
 */
export type OutputSource =
  /** Known when planned: written into the manifests as is. */
  | { from: 'value'; value: string }
  /** A Terraform output of `infra/<environment>`: a key of the ConfigMap `<service>-resources`. */
  | { from: 'terraform'; output: string }
  /** A key of the Secret `<service>-resources`, which the pipeline fills from `source`. */
  | { from: 'secret'; key: string; source: string }
  /** A key of the environment's ConfigMap `<service>-environment`. */
  | { from: 'environment'; key: string };

/**
 * One string of the workload with placeholders, as it resolves in one
 * environment: `DATABASE_URL ← db.host, db.port …`.
 *
 * @public
 */
export interface WiredField {
  /** Path in the Score file (`containers.web.variables.DATABASE_URL`). */
  field: string;
  container?: string;
  /** The string as written, placeholders intact. */
  template: string;
  references: Array<{
    placeholder: string;
    resource?: string;
    output?: string;
    source: OutputSource;
  }>;
}

/**
 * What the workload's containers ask for: the compute the cost plugin
 * prices and the ports the manifests expose.
 *
 * @public
 */
export interface WorkloadCompute {
  containers: Array<{
    name: string;
    requests: { cpu?: string; memory?: string };
    limits: { cpu?: string; memory?: string };
  }>;
  ports: Array<{
    name: string;
    port: number;
    targetPort: number;
    protocol: 'TCP' | 'UDP';
  }>;
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
  /** How every placeholder of the workload resolves here. */
  wiring?: WiredField[];
  compute?: WorkloadCompute;
  /** Components this workload calls (its `service` resources), as entity refs. */
  dependsOn?: string[];
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
    resourceType: z.enum(RESOURCE_TYPES),
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
    customerManagedKey: z.boolean().optional(),
    versioning: z.boolean().optional(),
    deadLetterQueue: z.boolean().optional(),
    evictionPolicy: text(50).optional(),
    dataClassification: dataClassificationSchema.optional(),
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

const outputSourceSchema = z.discriminatedUnion('from', [
  z.object({ from: z.literal('value'), value: z.string().max(4096) }).strict(),
  z.object({ from: z.literal('terraform'), output: text(200) }).strict(),
  z
    .object({ from: z.literal('secret'), key: text(200), source: text(300) })
    .strict(),
  z.object({ from: z.literal('environment'), key: text(253) }).strict(),
]);

const wiredFieldSchema = z
  .object({
    field: text(1200),
    container: text(100).optional(),
    template: z.string().max(65_536),
    references: z
      .array(
        z
          .object({
            placeholder: text(300),
            resource: text(100).optional(),
            output: text(253).optional(),
            source: outputSourceSchema,
          })
          .strict(),
      )
      .max(200),
  })
  .strict();

const quantities = z
  .object({ cpu: text(20).optional(), memory: text(20).optional() })
  .strict();

const computeSchema = z
  .object({
    containers: z
      .array(
        z
          .object({ name: text(100), requests: quantities, limits: quantities })
          .strict(),
      )
      .max(50),
    ports: z
      .array(
        z
          .object({
            name: text(15),
            port: z.number().int(),
            targetPort: z.number().int(),
            protocol: z.enum(['TCP', 'UDP']),
          })
          .strict(),
      )
      .max(100),
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
    wiring: z.array(wiredFieldSchema).max(2000).optional(),
    compute: computeSchema.optional(),
    dependsOn: z.array(text(300)).max(100).optional(),
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
