import { z } from 'zod';
import {
  type DependencyConfig,
  type WorkloadResource,
  dependencyEnvSchema,
  resolveDependencies,
} from './dependencies';

/** pino's levels; `silent` turns logging off. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const integer = (min: number, max: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(min, `must be between ${min} and ${max}`)
    .max(max, `must be between ${min} and ${max}`);

/** The worker's own variables. OTEL_* belong to the SDK and are read there. */
const workerEnvSchema = z.object({
  // The probe server's address; nothing else listens.
  HOST: z.string().default('0.0.0.0'),
  PORT: integer(1, 65535).default(8080),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  WORKER_CONCURRENCY: integer(1, 256).default(4),
  // Keep it at most the queue's maxReceiveCount, so the worker dead-letters
  // with the error as the reason before the broker's redrive does without one.
  WORKER_MAX_ATTEMPTS: integer(1, 100).default(5),
  WORKER_RETRY_BASE_MS: integer(0, 3_600_000).default(1_000),
  WORKER_RETRY_MAX_MS: integer(0, 43_200_000).default(300_000),
  // Budget for draining messages in hand and flushing telemetry after SIGTERM;
  // terminationGracePeriodSeconds must be longer.
  SHUTDOWN_TIMEOUT_MS: integer(0, 600_000).default(25_000),
  DEPENDENCY_TIMEOUT_MS: integer(0, 10_000).default(1_000),
});

/** Validated configuration. */
export type Config = z.infer<typeof workerEnvSchema> & {
  dependencies: DependencyConfig[];
};

/** A bad environment; the message names every offending variable. */
export class ConfigError extends Error {
  readonly variables: string[];

  constructor(issues: { variable: string; message: string }[]) {
    super(`invalid environment: ${issues.map(i => `${i.variable} ${i.message}`).join('; ')}`);
    this.name = 'ConfigError';
    this.variables = issues.map(i => i.variable);
  }
}

/**
 * Reads and validates the environment once, at start-up, so a typo fails the
 * rollout instead of the first message. Values are never echoed: some are
 * secrets.
 */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>>,
  resources: readonly WorkloadResource[],
): Config {
  // Unset and empty are the same: Kubernetes renders absent optional keys as "".
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const worker = workerEnvSchema.safeParse(present);
  const dependencies = dependencyEnvSchema(resources).safeParse(present);
  const issues = [...(worker.error?.issues ?? []), ...(dependencies.error?.issues ?? [])].map(issue => ({
    variable: String(issue.path[0]),
    message: issue.message,
  }));
  if (worker.success && worker.data.WORKER_RETRY_MAX_MS < worker.data.WORKER_RETRY_BASE_MS) {
    issues.push({ variable: 'WORKER_RETRY_MAX_MS', message: 'must be at least WORKER_RETRY_BASE_MS' });
  }
  if (!worker.success || !dependencies.success || issues.length > 0) throw new ConfigError(issues);
  return { ...worker.data, dependencies: resolveDependencies(resources, dependencies.data) };
}
