import { z } from 'zod';
import { dataClassificationSchema } from './dataClassification';
import { safeText } from './validation';
import { checkWorkloadPlaceholders } from './workloadPlaceholders';

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

/**
 * Score's `id`: several workloads naming the same id share one resource,
 * provisioned once per environment and named after the id.
 *
 * @public
 */
export const sharedIdSchema = z
  .string()
  .regex(
    /^[a-z](?:[a-z0-9]|-(?=[a-z0-9])){1,23}$/,
    'must be 2 to 24 lower-case letters, digits and single dashes, starting with a letter',
  );

/** Score's resource `metadata`: annotations Pave keeps but does not read. */
const resourceMetadataSchema = z
  .object({
    annotations: z.record(z.string().max(253), safeText(1024)).optional(),
  })
  .passthrough();

/** Fields every Score resource may carry besides `type`, `class` and `params`. */
const resourceFields = {
  id: sharedIdSchema.optional(),
  metadata: resourceMetadataSchema.optional(),
};

/** `class` on types Pave does not size: free, as Score defines it. */
const freeClassSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a lower-case class name')
  .optional();

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
    ...resourceFields,
    class: sizeClassSchema.default('small'),
    params: databaseParams(['14', '15', '16', '17']).default({}),
  })
  .strict();

/** @public */
export const mysqlResourceSchema = z
  .object({
    type: z.literal('mysql'),
    ...resourceFields,
    class: sizeClassSchema.default('small'),
    params: databaseParams(['8.0', '8.4']).default({}),
  })
  .strict();

/** @public */
export const redisResourceSchema = z
  .object({
    type: z.literal('redis'),
    ...resourceFields,
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
    ...resourceFields,
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
    ...resourceFields,
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
    ...resourceFields,
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
 * A RabbitMQ-compatible message broker spoken to over AMQP: Amazon MQ for
 * RabbitMQ on AWS, a Service Bus queue (AMQP 1.0) on Azure; Google Cloud
 * offers none (use `queue` or `topic`).
 *
 * @public
 */
export const amqpResourceSchema = z
  .object({
    type: z.literal('amqp'),
    ...resourceFields,
    class: sizeClassSchema.default('small'),
    params: z.object({}).strict().default({}),
  })
  .strict();

const portNumber = z
  .number()
  .int()
  .min(1, 'must be a port from 1 to 65535')
  .max(65535, 'must be a port from 1 to 65535');

/**
 * Another workload this one calls: no cloud resource, a catalog
 * `dependsOn` relation, and its in-cluster address as outputs. The
 * resource's `id` (else its name) is the dependency's workload name.
 *
 * @public
 */
export const serviceResourceSchema = z
  .object({
    type: z.literal('service'),
    ...resourceFields,
    class: freeClassSchema,
    params: z
      .object({
        /** The dependency's service port; Pave-rendered services listen on 80. */
        port: portNumber.optional(),
      })
      .strict()
      .default({}),
  })
  .strict();

/**
 * The environment's host name for this workload (`<service>.<dnsZone>`).
 *
 * @public
 */
export const dnsResourceSchema = z
  .object({
    type: z.literal('dns'),
    ...resourceFields,
    class: freeClassSchema,
    params: z.object({}).strict().default({}),
  })
  .strict();

/**
 * HTTP traffic from a host and path prefix to one of the workload's
 * service ports: an Ingress in the manifests.
 *
 * @public
 */
export const routeResourceSchema = z
  .object({
    type: z.literal('route'),
    ...resourceFields,
    class: freeClassSchema,
    params: z
      .object({
        /** Usually `${resources.<dns>.host}`. */
        host: z.string().min(1).max(253),
        path: z
          .string()
          .max(200)
          .regex(/^\/[\w\-./~]*$/, 'must be a path such as / or /api')
          .default('/'),
        port: portNumber,
      })
      .strict(),
  })
  .strict();

const quantity = (kind: 'cpu' | 'memory') =>
  kind === 'cpu'
    ? z
        .union([z.string(), z.number()])
        .transform(String)
        .pipe(
          z
            .string()
            .regex(
              /^\d{1,6}(\.\d{1,3})?m?$/,
              'must be a CPU quantity such as 250m or 1',
            ),
        )
    : z
        .union([z.string(), z.number()])
        .transform(String)
        .pipe(
          z
            .string()
            .regex(
              /^\d{1,9}(\.\d{1,3})?(Ki|Mi|Gi|Ti|k|M|G|T)?$/,
              'must be a memory quantity such as 128Mi or 1Gi',
            ),
        );

const MEMORY_FACTORS: Record<string, number> = {
  '': 1,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
};

/**
 * Cores in a Kubernetes CPU quantity (`250m` → 0.25, `2` → 2), as the
 * workload schema accepts them.
 *
 * @public
 */
export function cpuCores(value: string): number {
  const match = /^(\d{1,6}(?:\.\d{1,3})?)(m?)$/.exec(value);
  if (!match) {
    throw new Error(`${value} is not a CPU quantity such as 250m or 1`);
  }
  return Number(match[1]) / (match[2] ? 1000 : 1);
}

/**
 * GiB in a Kubernetes memory quantity (`512Mi` → 0.5, `1G` → 0.93).
 *
 * @public
 */
export function memoryGiB(value: string): number {
  const match = /^(\d{1,9}(?:\.\d{1,3})?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(value);
  if (!match) {
    throw new Error(`${value} is not a memory quantity such as 128Mi or 1Gi`);
  }
  return (Number(match[1]) * MEMORY_FACTORS[match[2] ?? '']) / 2 ** 30;
}

/**
 * Scratch space a container mounts (`volumes.*.source: ${resources.<name>}`):
 * an emptyDir, gone with the pod.
 *
 * @public
 */
export const volumeResourceSchema = z
  .object({
    type: z.literal('volume'),
    ...resourceFields,
    class: freeClassSchema,
    params: z
      .object({ sizeLimit: quantity('memory').optional() })
      .strict()
      .default({}),
  })
  .strict();

/**
 * The environment's own configuration: `${resources.env.KEY}` is the
 * value of KEY in the environment's ConfigMap.
 *
 * @public
 */
export const environmentResourceSchema = z
  .object({
    type: z.literal('environment'),
    ...resourceFields,
    class: freeClassSchema,
    params: z.object({}).strict().default({}),
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
  amqpResourceSchema,
  serviceResourceSchema,
  dnsResourceSchema,
  routeResourceSchema,
  volumeResourceSchema,
  environmentResourceSchema,
]);

/** @public */
export type ScoreResource = z.infer<typeof resourceSchema>;

/**
 * Resource types that become cloud resources (plan records, prices,
 * policy facts).
 *
 * @public
 */
export const RESOURCE_TYPES = [
  'postgres',
  'mysql',
  'redis',
  'queue',
  'topic',
  's3',
  'amqp',
] as const;

/** @public */
export type ResourceType = (typeof RESOURCE_TYPES)[number];

/**
 * A resource that becomes cloud resources.
 *
 * @public
 */
export type WorkloadResource = Extract<ScoreResource, { type: ResourceType }>;

/**
 * Every Score resource type Pave understands: the cloud ones and those
 * the platform itself provides (dependencies, host names, routes, scratch
 * volumes, environment configuration).
 *
 * @public
 */
export const SCORE_RESOURCE_TYPES = [
  ...RESOURCE_TYPES,
  'service',
  'dns',
  'route',
  'volume',
  'environment',
] as const;

/** @public */
export type ScoreResourceType = (typeof SCORE_RESOURCE_TYPES)[number];

/**
 * Whether a Score resource becomes cloud resources.
 *
 * @public
 */
export function isCloudResource(
  resource: ScoreResource,
): resource is WorkloadResource {
  return (RESOURCE_TYPES as readonly string[]).includes(resource.type);
}

// Control characters are exactly what these exist to catch.
/* eslint-disable no-control-regex */
const CONTROL = /[\u0000-\u001f\u007f]/;
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/* eslint-enable no-control-regex */

/**
 * A string as Score writes it: placeholders are checked against the
 * workload's resources by {@link checkWorkloadPlaceholders}; here only
 * length and control characters. YAML numbers and booleans (`PORT: 8080`)
 * are read as the strings a container sees.
 */
const scoreString = (max: number, multiline = false) =>
  z
    .union([z.string(), z.number(), z.boolean()])
    .transform(String)
    .pipe(
      z
        .string()
        .max(max, `must be at most ${max} characters`)
        .refine(v => !(multiline ? CONTROL_BUT_LINES : CONTROL).test(v), {
          message: multiline
            ? 'must not contain control characters other than newlines and tabs'
            : 'must not contain control characters such as newlines',
        }),
    );

/** An absolute path in the container, without `..`. */
const containerPath = z
  .string()
  .max(1024)
  .regex(
    /^\/[\w.\-/@]*$/,
    'must be an absolute path of letters, digits and . _ - / @',
  )
  .refine(p => !p.split('/').includes('..'), {
    message: 'must not contain ".."',
  });

const fileSchema = z
  .object({
    mode: z
      .string()
      .regex(/^0?[0-7]{3}$/, 'must be an octal mode such as "0644"')
      .optional(),
    content: scoreString(65_536, true).optional(),
    binaryContent: z
      .string()
      .max(87_384)
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64')
      .optional(),
    source: z.string().max(1024).optional(),
    noExpand: z.boolean().optional(),
  })
  .strict()
  .superRefine((file, ctx) => {
    if (file.source !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['source'],
        message:
          'Pave receives score.yaml without the files next to it; put the text in content (or base64 in binaryContent)',
      });
    } else if (
      (file.content === undefined) ===
      (file.binaryContent === undefined)
    ) {
      ctx.addIssue({
        code: 'custom',
        message: 'needs exactly one of content or binaryContent',
      });
    }
  });

/**
 * A map keyed by target path, or the older list form with `target` in each
 * item; both read as the map.
 */
function byTarget<T extends z.ZodType>(item: T, what: string) {
  return z.union([
    z.record(containerPath, item),
    z
      .array(z.object({ target: containerPath }).passthrough())
      .max(50, `must list at most 50 ${what}`)
      .transform((list, ctx) => {
        const map: Record<string, unknown> = {};
        for (const { target, ...rest } of list) {
          if (target in map) {
            ctx.addIssue({
              code: 'custom',
              message: `repeats the target ${target}`,
            });
          }
          map[target] = rest;
        }
        return map;
      })
      .pipe(z.record(containerPath, item)),
  ]);
}

const volumeMountSchema = z
  .object({
    /** `${resources.<volume>}` */
    source: z.string().max(200),
    path: z
      .string()
      .max(200)
      .regex(/^[\w.\-/]*$/, 'must be a relative path')
      .refine(p => !p.startsWith('/') && !p.split('/').includes('..'), {
        message: 'must be a relative path without ".."',
      })
      .optional(),
    readOnly: z.boolean().optional(),
  })
  .strict();

const computeSchema = z
  .object({
    cpu: quantity('cpu').optional(),
    memory: quantity('memory').optional(),
  })
  .strict();

const probeSchema = z
  .object({
    httpGet: z
      .object({
        scheme: z.enum(['HTTP', 'HTTPS']).optional(),
        host: z
          .string()
          .regex(/^[a-z0-9.-]{1,253}$/, 'must be a host name')
          .optional(),
        path: z
          .string()
          .max(200)
          .regex(/^\/[\w\-./~?=&%]*$/, 'must be a path such as /healthz'),
        port: portNumber,
        httpHeaders: z
          .array(
            z
              .object({
                name: z
                  .string()
                  .regex(/^[A-Za-z0-9-]{1,100}$/, 'must be a header name'),
                value: scoreString(1024),
              })
              .strict(),
          )
          .max(20)
          .optional(),
      })
      .strict()
      .optional(),
    exec: z
      .object({ command: z.array(scoreString(1024)).min(1).max(50) })
      .strict()
      .optional(),
  })
  .strict()
  .refine(p => Boolean(p.httpGet) !== Boolean(p.exec), {
    message: 'needs exactly one of httpGet or exec',
  });

const containerSchema = z
  .object({
    image: z
      .string()
      .min(1)
      .max(255)
      .regex(/^[\w.\-/:@]+$/, 'must be a container image reference'),
    command: z.array(scoreString(1024)).max(50).optional(),
    args: z.array(scoreString(1024)).max(100).optional(),
    variables: z
      .record(
        z
          .string()
          .max(200)
          .regex(
            /^[A-Za-z_][A-Za-z0-9_.-]*$/,
            'must be an environment variable name: letters, digits, _ . - and not starting with a digit',
          ),
        scoreString(4096),
      )
      .optional(),
    files: byTarget(fileSchema, 'files').optional(),
    volumes: byTarget(volumeMountSchema, 'volumes').optional(),
    resources: z
      .object({
        limits: computeSchema.optional(),
        requests: computeSchema.optional(),
      })
      .strict()
      .optional(),
    livenessProbe: probeSchema.optional(),
    readinessProbe: probeSchema.optional(),
  })
  .strict();

/** @public */
export type Container = z.infer<typeof containerSchema>;

const servicePortSchema = z
  .object({
    port: portNumber,
    targetPort: portNumber.optional(),
    protocol: z.enum(['TCP', 'UDP']).optional(),
  })
  .strict();

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
    service: z
      .object({
        ports: z
          .record(
            z
              .string()
              .regex(
                /^[a-z](?:[a-z0-9]|-(?=[a-z0-9])){0,14}$/,
                'must be a port name of at most 15 lower-case letters, digits and dashes',
              ),
            servicePortSchema,
          )
          .optional(),
      })
      .strict()
      .optional(),
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
          const type = (resources[name] as { type?: unknown } | null)?.type;
          if (!(SCORE_RESOURCE_TYPES as readonly unknown[]).includes(type)) {
            ctx.addIssue({
              code: 'custom',
              path: [name, 'type'],
              message: `${JSON.stringify(
                type ?? null,
              )} is not a resource type Pave provisions; supported: ${SCORE_RESOURCE_TYPES.join(
                ', ',
              )}`,
            });
          }
        }
      })
      .pipe(z.record(z.string(), resourceSchema))
      .refine(r => Object.keys(r).length <= 30, {
        message: 'must declare at most 30 resources',
      }),
  })
  .passthrough()
  .superRefine(checkWorkloadPlaceholders);

/** @public */
export type Workload = z.infer<typeof workloadSchema>;

/**
 * Who a workload belongs to and how sensitive its data is; stamped on every
 * cloud resource as tags/labels.
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
    /**
     * The most sensitive data the service holds (the wizard's Data
     * classification, the catalog's `pave.dev/data-classification`).
     * Unknown when absent: production then gets customer-managed keys, as
     * for confidential data.
     */
    dataClassification: dataClassificationSchema.optional(),
  })
  .strict();

/** @public */
export type Ownership = z.infer<typeof ownershipSchema>;
