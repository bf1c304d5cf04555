import net from 'node:net';
import { z } from 'zod';

/** A resource type Pave provisions: the `type` of a score.yaml resource. */
export type ResourceType = 'postgres' | 'mysql' | 'redis' | 'queue' | 'topic' | 's3';

/** One resource the service uses, as score.yaml names it. */
export interface WorkloadResource {
  name: string;
  type: ResourceType;
  size: 'small' | 'medium' | 'large';
}

/** A resource with the settings the environment gave it. */
export interface DependencyConfig {
  resource: WorkloadResource;
  /** Required variables that are not set; readiness names them. */
  missing: string[];
  /** Where a TCP connect proves reachability: databases and caches only. */
  endpoint?: { host: string; port: number };
}

/** One dependency's answer to a readiness check. */
export interface DependencyStatus {
  name: string;
  type: ResourceType;
  ok: boolean;
  detail: string;
}

interface TypeSettings {
  /** Variable suffixes that must be set for the resource to be usable. */
  required: readonly string[];
  /** Types reached over TCP have a port (`<NAME>_PORT`, this by default). */
  defaultPort?: number;
}

// Suffixes follow the Terraform outputs Pave renders in infra/<env>
// (db_host → DB_HOST, jobs_url → JOBS_URL), so outputs map to env unchanged.
const TYPE_SETTINGS: Record<ResourceType, TypeSettings> = {
  postgres: { required: ['HOST'], defaultPort: 5432 },
  mysql: { required: ['HOST'], defaultPort: 3306 },
  redis: { required: ['HOST'], defaultPort: 6379 },
  queue: { required: ['URL'] },
  topic: { required: ['ARN'] },
  s3: { required: ['BUCKET'] },
};

const portSchema = z.coerce
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(1, 'must be between 1 and 65535')
  .max(65535, 'must be between 1 and 65535');

/** `order-events` → `ORDER_EVENTS`, the prefix of the resource's variables. */
export function envPrefix(resourceName: string): string {
  return resourceName.toUpperCase().replaceAll('-', '_');
}

/**
 * The zod schema of every resource's variables. All are optional: a malformed
 * value stops start-up, a missing one only keeps the service unready, so a
 * pod whose ConfigMap is late recovers without a restart.
 */
export function dependencyEnvSchema(resources: readonly WorkloadResource[]) {
  const shape: Record<string, z.ZodOptional<z.ZodType<string | number>>> = {};
  for (const resource of resources) {
    const prefix = envPrefix(resource.name);
    const settings = TYPE_SETTINGS[resource.type];
    for (const suffix of settings.required) {
      shape[`${prefix}_${suffix}`] =
        suffix === 'URL' ? z.url('must be a URL').optional() : z.string().optional();
    }
    if (settings.defaultPort !== undefined) {
      shape[`${prefix}_PORT`] = portSchema.optional();
    }
  }
  return z.object(shape);
}

/** Pairs each resource with its parsed variables (see {@link dependencyEnvSchema}). */
export function resolveDependencies(
  resources: readonly WorkloadResource[],
  env: Readonly<Record<string, string | number | undefined>>,
): DependencyConfig[] {
  return resources.map(resource => {
    const prefix = envPrefix(resource.name);
    const settings = TYPE_SETTINGS[resource.type];
    const missing = settings.required
      .map(suffix => `${prefix}_${suffix}`)
      .filter(name => env[name] === undefined);
    const host = env[`${prefix}_HOST`];
    const port = env[`${prefix}_PORT`];
    const endpoint =
      settings.defaultPort !== undefined && typeof host === 'string'
        ? { host, port: typeof port === 'number' ? port : settings.defaultPort }
        : undefined;
    return endpoint ? { resource, missing, endpoint } : { resource, missing };
  });
}

/**
 * Checks one dependency cheaply: its variables are set and, for databases and
 * caches, a TCP connection opens. No driver and no credentials are needed,
 * and a slow dependency costs at most `timeoutMs`.
 */
export async function checkDependency(
  dependency: DependencyConfig,
  timeoutMs: number,
): Promise<DependencyStatus> {
  const { name, type } = dependency.resource;
  if (dependency.missing.length > 0) {
    return { name, type, ok: false, detail: `not configured: ${dependency.missing.join(', ')} unset` };
  }
  if (!dependency.endpoint) {
    return { name, type, ok: true, detail: 'configured' };
  }
  const { host, port } = dependency.endpoint;
  const error = await tcpConnect(host, port, timeoutMs);
  return error
    ? { name, type, ok: false, detail: `${host}:${port} unreachable: ${error}` }
    : { name, type, ok: true, detail: `${host}:${port} reachable` };
}

/** Resolves to undefined when a connection opened, else to why not. */
function tcpConnect(host: string, port: number, timeoutMs: number): Promise<string | undefined> {
  return new Promise(resolve => {
    const socket = net.connect({ host, port });
    const done = (error?: string) => {
      socket.destroy();
      resolve(error);
    };
    socket.setTimeout(timeoutMs, () => done(`no answer in ${timeoutMs} ms`));
    socket.once('connect', () => done());
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
  });
}
