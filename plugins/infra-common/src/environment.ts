import { z } from 'zod';

/**
 * The kind of environment. The type, not the name, decides the secure
 * defaults (see {@link ENVIRONMENT_POLICIES}).
 *
 * @public
 */
export const environmentTypeSchema = z.enum([
  'dev',
  'preview',
  'staging',
  'prod',
]);

/** @public */
export type EnvironmentType = z.infer<typeof environmentTypeSchema>;

/** @public */
export const cloudSchema = z.enum(['aws', 'gcp', 'azure']);

/** @public */
export type Cloud = z.infer<typeof cloudSchema>;

const regionSchema = z
  .string()
  .regex(
    /^[a-z]{2,}(-[a-z]+)*-?[0-9]*[a-z]?$/,
    'must be a cloud region id such as eu-west-1, europe-west1 or westeurope',
  );

/**
 * Where an environment's infrastructure lives. Network ids place databases
 * and caches on private networks only.
 *
 * @public
 */
export const targetSchema = z.discriminatedUnion('cloud', [
  z
    .object({
      cloud: z.literal('aws'),
      region: regionSchema,
      accountId: z
        .string()
        .regex(/^\d{12}$/, 'must be a 12-digit AWS account id'),
      /** Private subnets for databases and caches (a DB subnet group needs two). */
      subnetIds: z
        .array(
          z.string().regex(/^subnet-[0-9a-f]{8,17}$/, 'must be a subnet id'),
        )
        .min(2, 'needs at least two private subnets'),
      /** Security groups that admit the service's workloads. */
      securityGroupIds: z
        .array(
          z
            .string()
            .regex(/^sg-[0-9a-f]{8,17}$/, 'must be a security group id'),
        )
        .min(1),
    })
    .strict(),
  z
    .object({
      cloud: z.literal('gcp'),
      region: regionSchema,
      projectId: z
        .string()
        .regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, 'must be a GCP project id'),
      /** Self link or id of the VPC with private services access. */
      network: z
        .string()
        .regex(/^[a-zA-Z0-9/_-]{1,200}$/, 'must be a VPC network id'),
    })
    .strict(),
  z
    .object({
      cloud: z.literal('azure'),
      region: regionSchema,
      subscriptionId: z
        .string()
        .uuid('must be an Azure subscription id (a UUID)'),
      tenantId: z.string().uuid('must be an Azure tenant id (a UUID)'),
      /** Subnet delegated to PostgreSQL flexible servers (private only). */
      delegatedSubnetId: z
        .string()
        .regex(
          /^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[\w.-]+\/providers\/Microsoft\.Network\/virtualNetworks\/[\w.-]+\/subnets\/[\w.-]+$/,
          'must be a subnet resource id',
        ),
      /** Private DNS zone for the PostgreSQL flexible servers. */
      privateDnsZoneId: z
        .string()
        .regex(
          /^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[\w.-]+\/providers\/Microsoft\.Network\/privateDnsZones\/[\w.-]+$/,
          'must be a private DNS zone resource id',
        ),
      /**
       * Subnet delegated to MySQL flexible servers: a subnet is delegated to
       * one engine only, so MySQL cannot share PostgreSQL's.
       */
      mysqlDelegatedSubnetId: z
        .string()
        .regex(
          /^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[\w.-]+\/providers\/Microsoft\.Network\/virtualNetworks\/[\w.-]+\/subnets\/[\w.-]+$/,
          'must be a subnet resource id',
        ),
      /** Private DNS zone for MySQL (`*.mysql.database.azure.com`). */
      mysqlPrivateDnsZoneId: z
        .string()
        .regex(
          /^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[\w.-]+\/providers\/Microsoft\.Network\/privateDnsZones\/[\w.-]+$/,
          'must be a private DNS zone resource id',
        ),
      /**
       * Subnet for the private endpoints of Redis, storage accounts and
       * Premium Service Bus: their public access is closed, so a private
       * endpoint is their only way in.
       */
      privateEndpointSubnetId: z
        .string()
        .regex(
          /^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[\w.-]+\/providers\/Microsoft\.Network\/virtualNetworks\/[\w.-]+\/subnets\/[\w.-]+$/,
          'must be a subnet resource id',
        ),
      /** Private DNS zones resolving each service to its private endpoint. */
      privateDnsZoneIds: z
        .object({
          /** `privatelink.redis.cache.windows.net` */
          redis: z
            .string()
            .regex(
              /^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[\w.-]+\/providers\/Microsoft\.Network\/privateDnsZones\/[\w.-]+$/,
              'must be a private DNS zone resource id',
            ),
          /** `privatelink.blob.core.windows.net` */
          blob: z
            .string()
            .regex(
              /^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[\w.-]+\/providers\/Microsoft\.Network\/privateDnsZones\/[\w.-]+$/,
              'must be a private DNS zone resource id',
            ),
          /** `privatelink.servicebus.windows.net` */
          servicebus: z
            .string()
            .regex(
              /^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[\w.-]+\/providers\/Microsoft\.Network\/privateDnsZones\/[\w.-]+$/,
              'must be a private DNS zone resource id',
            ),
        })
        .strict(),
    })
    .strict(),
]);

/** @public */
export type Target = z.infer<typeof targetSchema>;

/**
 * A DNS zone name: lower-case labels separated by dots.
 *
 * @public
 */
export const dnsZoneSchema = z
  .string()
  .max(200)
  .regex(
    /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    'must be a DNS zone such as dev.example.com',
  );

/**
 * One environment a service deploys to, as the platform team configures it.
 *
 * @public
 */
export const environmentSchema = z
  .object({
    name: z
      .string()
      .regex(
        /^(dev|staging|prod|preview-[a-z0-9][a-z0-9-]{0,20})$/,
        'must be dev, staging, prod or preview-<id>',
      ),
    type: environmentTypeSchema,
    target: targetSchema,
    /**
     * DNS zone the environment's ingress answers for (`dev.example.com`):
     * a Score `dns` resource is `<service>.<dnsZone>`.
     */
    dnsZone: dnsZoneSchema.optional(),
  })
  .strict();

/** @public */
export type Environment = z.infer<typeof environmentSchema>;

/** @public */
export type SizeClass = 'small' | 'medium' | 'large';

/**
 * Secure defaults per environment type. A workload spec can never weaken
 * them: the engine applies them after the developer's choices.
 *
 * @public
 */
export interface EnvironmentPolicy {
  /** The smallest class this environment type runs. */
  minClass: SizeClass;
  /** The largest class this environment type runs. */
  maxClass: SizeClass;
  highAvailability: boolean;
  deletionProtection: boolean;
  backupRetentionDays: number;
  /** Upper bound on message retention for queues and topics. */
  maxMessageRetentionDays: number;
  /** Pods of the service's Deployment: two where resources run highly available. */
  replicas: number;
}

/** @public */
export const ENVIRONMENT_POLICIES: Record<EnvironmentType, EnvironmentPolicy> =
  {
    dev: {
      minClass: 'small',
      maxClass: 'small',
      highAvailability: false,
      deletionProtection: false,
      backupRetentionDays: 1,
      maxMessageRetentionDays: 4,
      replicas: 1,
    },
    preview: {
      minClass: 'small',
      maxClass: 'small',
      highAvailability: false,
      deletionProtection: false,
      backupRetentionDays: 1,
      maxMessageRetentionDays: 1,
      replicas: 1,
    },
    staging: {
      minClass: 'small',
      maxClass: 'large',
      highAvailability: false,
      deletionProtection: true,
      backupRetentionDays: 7,
      maxMessageRetentionDays: 14,
      replicas: 1,
    },
    prod: {
      minClass: 'medium',
      maxClass: 'large',
      highAvailability: true,
      deletionProtection: true,
      backupRetentionDays: 30,
      maxMessageRetentionDays: 14,
      replicas: 2,
    },
  };

const CLASS_ORDER: SizeClass[] = ['small', 'medium', 'large'];

/**
 * The class an environment actually runs: the requested one, raised to the
 * environment's minimum and capped at its maximum.
 *
 * @public
 */
export function effectiveClass(
  requested: SizeClass,
  type: EnvironmentType,
): SizeClass {
  const { minClass, maxClass } = ENVIRONMENT_POLICIES[type];
  const index = Math.min(
    Math.max(CLASS_ORDER.indexOf(requested), CLASS_ORDER.indexOf(minClass)),
    CLASS_ORDER.indexOf(maxClass),
  );
  return CLASS_ORDER[index];
}
