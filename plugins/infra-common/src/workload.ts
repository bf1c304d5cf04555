import { z } from 'zod';
import { safeText } from './validation';

/**
 * A resource or service name that is safe everywhere it lands: cloud resource
 * names, Terraform identifiers, YAML and DNS. Lower-case letters, digits and
 * single dashes; starts with a letter.
 *
 * @public
 */
export const identifierSchema = z
  .string()
  .min(2, 'must be at least 2 characters')
  .max(24, 'must be at most 24 characters')
  .regex(
    /^[a-z](?:[a-z0-9]|-(?=[a-z0-9]))*$/,
    'must be lower-case letters, digits and single dashes, starting with a letter',
  );

const sizeClassSchema = z.enum(['small', 'medium', 'large']);

const databaseParams = (versions: readonly [string, ...string[]]) =>
  z
    .object({
      /** Major engine version. */
      version: z.enum(versions).optional(),
      /** Allocated storage; it grows automatically up to 4× this. */
      storageGb: z.number().int().min(20).max(4096).optional(),
    })
    .strict();

/** @public */
export const postgresResourceSchema = z
  .object({
    type: z.literal('postgres'),
    class: sizeClassSchema.default('small'),
    params: databaseParams(['14', '15', '16', '17']).default({}),
  })
  .strict();

/** @public */
export const mysqlResourceSchema = z
  .object({
    type: z.literal('mysql'),
    class: sizeClassSchema.default('small'),
    params: databaseParams(['8.0', '8.4']).default({}),
  })
  .strict();

/** @public */
export const redisResourceSchema = z
  .object({
    type: z.literal('redis'),
    class: sizeClassSchema.default('small'),
    params: z
      .object({
        version: z.enum(['6', '7']).optional(),
      })
      .strict()
      .default({}),
  })
  .strict();

/** @public */
export const queueResourceSchema = z
  .object({
    type: z.literal('queue'),
    class: sizeClassSchema.default('small'),
    params: z
      .object({
        /** First-in-first-out with exactly-once processing. */
        fifo: z.boolean().optional(),
        /** How long an unconsumed message is kept. */
        retentionDays: z.number().int().min(1).max(14).optional(),
        /** How long a received message stays invisible to other consumers. */
        visibilityTimeoutSeconds: z.number().int().min(10).max(600).optional(),
        /** Deliveries before a message moves to the dead-letter queue. */
        maxReceiveCount: z.number().int().min(1).max(100).optional(),
      })
      .strict()
      .default({}),
  })
  .strict();

/** @public */
export const topicResourceSchema = z
  .object({
    type: z.literal('topic'),
    class: sizeClassSchema.default('small'),
    params: z
      .object({
        fifo: z.boolean().optional(),
        retentionDays: z.number().int().min(1).max(7).optional(),
      })
      .strict()
      .default({}),
  })
  .strict();

/** @public */
export const objectStorageResourceSchema = z
  .object({
    type: z.literal('s3'),
    class: sizeClassSchema.default('small'),
    params: z
      .object({
        /** Delete objects (and old versions) after this many days. */
        expireAfterDays: z.number().int().min(1).max(3650).optional(),
      })
      .strict()
      .default({}),
  })
  .strict();

/**
 * One resource a workload needs. `type` selects the params it accepts.
 *
 * @public
 */
export const resourceSchema = z.discriminatedUnion('type', [
  postgresResourceSchema,
  mysqlResourceSchema,
  redisResourceSchema,
  queueResourceSchema,
  topicResourceSchema,
  objectStorageResourceSchema,
]);

/** @public */
export type WorkloadResource = z.infer<typeof resourceSchema>;

/** @public */
export type ResourceType = WorkloadResource['type'];

/** @public */
export const RESOURCE_TYPES: ResourceType[] = [
  'postgres',
  'mysql',
  'redis',
  'queue',
  'topic',
  's3',
];

const containerSchema = z
  .object({
    image: z
      .string()
      .min(1)
      .max(255)
      .regex(/^[\w.\-/:@]+$/, 'must be a container image reference'),
    command: z.array(safeText(1024)).optional(),
    args: z.array(safeText(1024)).optional(),
    variables: z
      .record(
        z
          .string()
          .regex(
            /^[A-Z_][A-Z0-9_]*$/,
            'must be an upper-case environment variable name',
          ),
        safeText(4096),
      )
      .optional(),
  })
  .passthrough();

/**
 * The workload spec: a Score file (`score.yaml`, score.dev/v1b1). Pave reads
 * `metadata`, keeps `containers` valid and renders `resources`.
 *
 * @public
 */
export const workloadSchema = z
  .object({
    apiVersion: z.literal('score.dev/v1b1', {
      message: 'must be score.dev/v1b1',
    }),
    metadata: z
      .object({
        name: identifierSchema,
        annotations: z.record(z.string().max(253), safeText(1024)).optional(),
      })
      .passthrough(),
    containers: z
      .record(identifierSchema, containerSchema)
      .refine(c => Object.keys(c).length > 0, {
        message: 'needs at least one container',
      }),
    resources: z
      .record(z.string(), z.unknown())
      .default({})
      .superRefine((resources, ctx) => {
        for (const name of Object.keys(resources)) {
          const id = identifierSchema.safeParse(name);
          if (!id.success) {
            ctx.addIssue({
              code: 'custom',
              path: [name],
              message: `resource name ${JSON.stringify(name)} ${
                id.error.issues[0].message
              }`,
            });
          }
        }
      })
      .pipe(z.record(z.string(), resourceSchema))
      .refine(r => Object.keys(r).length <= 30, {
        message: 'must declare at most 30 resources',
      }),
  })
  .passthrough();

/** @public */
export type Workload = z.infer<typeof workloadSchema>;

/**
 * Who a workload belongs to; stamped on every cloud resource as tags/labels.
 *
 * @public
 */
export const ownershipSchema = z
  .object({
    /** Owning group, e.g. `group:default/payments`. */
    owner: z
      .string()
      .regex(
        /^group:[a-z0-9-]+\/[a-z0-9][a-z0-9-]*$/,
        'must be a group entity ref such as group:default/payments',
      ),
    /** Cost centre to charge, e.g. `CC-2100`. */
    costCenter: z
      .string()
      .regex(/^[A-Z]{2,4}-\d{2,6}$/, 'must look like CC-2100'),
    /** Optional system the service belongs to, e.g. `payments-platform`. */
    system: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a system name')
      .optional(),
  })
  .strict();

/** @public */
export type Ownership = z.infer<typeof ownershipSchema>;
