import { Cloud, EnvironmentType, SizeClass } from './environment';
import { ResourceType } from './workload';

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
