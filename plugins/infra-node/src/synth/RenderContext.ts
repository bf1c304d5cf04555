import { TerraformOutput, TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import {
  ENVIRONMENT_POLICIES,
  Environment,
  EnvironmentPolicy,
  OutputSource,
  Ownership,
  PlanRecord,
  SizeClass,
  effectiveClass,
  needsCustomerManagedKey,
} from '@pave/plugin-infra-common';

/** Storage (GB) a database gets per class when its spec names none. */
export const DEFAULT_STORAGE_GB: Record<SizeClass, number> = {
  small: 20,
  medium: 100,
  large: 500,
};

/**
 * What a full cache evicts: keys with a time to live, least recently used
 * first (every cloud's default, stated so it is a fact of the plan). A
 * cache that evicts nothing (`noeviction`) refuses writes once full.
 */
export const CACHE_EVICTION_POLICY = 'volatile-lru';

/** The fields a renderer states; the context fills in the rest. */
export type PlanRecordInput = Omit<
  PlanRecord,
  | 'address'
  | 'dataClassification'
  | 'provider'
  | 'terraformType'
  | 'region'
  | 'environment'
  | 'environmentType'
  | 'tags'
  | 'exposure'
> & { exposure?: PlanRecord['exposure'] };

/**
 * How a Score output resolves on this cloud, or why it cannot.
 */
export type OutputResolution =
  | OutputSource
  | { from: 'unavailable'; reason: string };

/** A Terraform output (a key of the ConfigMap `<service>-resources`). */
export const fromTerraform = (output: string): OutputResolution => ({
  from: 'terraform',
  output,
});

/** A value known when planning. */
export const fromValue = (value: string | number): OutputResolution => ({
  from: 'value',
  value: String(value),
});

/** A key of the Secret `<service>-resources`, filled from `source`. */
export const fromSecret = (key: string, source: string): OutputResolution => ({
  from: 'secret',
  key,
  source,
});

/** An output this cloud does not offer, and what to use instead. */
export const unavailable = (reason: string): OutputResolution => ({
  from: 'unavailable',
  reason,
});

/**
 * Everything a renderer needs for one environment: the stack to add to, the
 * environment's secure defaults, names and tags, and where to record the
 * normalized plan. Renderers add resources; they never read config.
 */
export class RenderContext {
  readonly policy: EnvironmentPolicy;
  readonly records: PlanRecord[] = [];
  readonly outputs: string[] = [];
  /** Per workload resource, how its Score outputs resolve here. */
  readonly provided = new Map<string, Record<string, OutputResolution>>();

  constructor(
    readonly scope: Construct,
    readonly service: string,
    readonly environment: Environment,
    readonly ownership: Ownership,
    /** Per workload resource, the outputs the workload's placeholders name. */
    private readonly referenced: ReadonlyMap<
      string,
      ReadonlySet<string>
    > = new Map(),
  ) {
    this.policy = ENVIRONMENT_POLICIES[environment.type];
  }

  /** Whether the workload names `output` of `resource` in a placeholder. */
  references(resource: string, output: string): boolean {
    return this.referenced.get(resource)?.has(output) ?? false;
  }

  /**
   * Says how each Score output of a resource resolves on this cloud
   * (`RESOURCE_OUTPUTS` lists them per type; a test checks each renderer
   * answers for all of them).
   */
  provide(resource: string, outputs: Record<string, OutputResolution>) {
    this.provided.set(resource, outputs);
  }

  /**
   * Whether this environment encrypts the service's data with a
   * customer-managed key: production, for confidential, restricted or
   * unclassified data (see `needsCustomerManagedKey`).
   */
  get customerManagedKey(): boolean {
    return needsCustomerManagedKey(
      this.ownership.dataClassification,
      this.environment.type,
    );
  }

  /** The class this environment runs for a requested class. */
  sizeClass(requested: SizeClass): SizeClass {
    return effectiveClass(requested, this.environment.type);
  }

  /** A database's storage: the spec's, else the class default. */
  storageGb(requested: number | undefined, sizeClass: SizeClass): number {
    return requested ?? DEFAULT_STORAGE_GB[sizeClass];
  }

  /**
   * Message retention in days: the spec's (else `fallback`), capped by the
   * environment type so previews never hoard messages.
   */
  messageRetentionDays(
    requested: number | undefined,
    fallback: number,
  ): number {
    return Math.min(requested ?? fallback, this.policy.maxMessageRetentionDays);
  }

  /**
   * A cloud resource name: `<service>-<environment>-<resource>[-suffix]`,
   * shortened with a stable hash when a cloud's limit requires it.
   */
  name(resource: string, suffix?: string, maxLength = 63): string {
    const full = [this.service, this.environment.name, resource, suffix]
      .filter(Boolean)
      .join('-');
    if (full.length <= maxLength) {
      return full;
    }
    const hash = fnv1a(full).slice(0, 6);
    return `${full.slice(0, maxLength - 7).replace(/-+$/, '')}-${hash}`;
  }

  /** Tags every resource carries (AWS and Azure tags, GCP labels). */
  get tags(): Record<string, string> {
    const tags: Record<string, string> = {
      service: this.service,
      owner: this.ownership.owner.split('/')[1],
      environment: this.environment.name,
      'cost-center': this.ownership.costCenter,
      'managed-by': 'pave',
    };
    if (this.ownership.system) {
      tags.system = this.ownership.system;
    }
    if (this.ownership.dataClassification) {
      tags['data-classification'] = this.ownership.dataClassification;
    }
    return tags;
  }

  /** GCP labels: lower-case keys and values. */
  get labels(): Record<string, string> {
    return Object.fromEntries(
      Object.entries(this.tags).map(([k, v]) => [
        k.replace(/[^a-z0-9_-]/g, '_'),
        v.toLowerCase().replace(/[^a-z0-9_-]/g, '_'),
      ]),
    );
  }

  /**
   * Gives a resource a readable Terraform address (`aws_db_instance.orders`)
   * and records it in the normalized plan.
   */
  record(
    resource: TerraformResource,
    logicalId: string,
    input: PlanRecordInput,
  ) {
    resource.overrideLogicalId(logicalId);
    this.records.push({
      ...input,
      exposure: input.exposure ?? 'private',
      ...(this.ownership.dataClassification
        ? { dataClassification: this.ownership.dataClassification }
        : {}),
      address: `${resource.terraformResourceType}.${logicalId}`,
      provider: this.environment.target.cloud,
      terraformType: resource.terraformResourceType,
      region: this.environment.target.region,
      environment: this.environment.name,
      environmentType: this.environment.type,
      tags: this.environment.target.cloud === 'gcp' ? this.labels : this.tags,
    });
  }

  /** Adds a Terraform output with connection details. */
  output(name: string, value: unknown, description: string, sensitive = false) {
    const out = new TerraformOutput(this.scope, name, {
      value,
      description,
      sensitive,
    });
    out.overrideLogicalId(name);
    this.outputs.push(name);
  }
}

/** A short stable hash for shortened names (FNV-1a, 32 bit, hex). */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
