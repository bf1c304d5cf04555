import { z } from 'zod';
import {
  type DependencyConfig,
  type WorkloadResource,
  dependencyEnvSchema,
  resolveDependencies,
} from './dependencies';

/** pino's levels; `silent` turns logging off. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const milliseconds = (max: number) =>
  z.coerce
    .number({ error: 'must be a number of milliseconds' })
    .int('must be a whole number')
    .min(0, 'must not be negative')
    .max(max, `must be at most ${max}`);

/** The service's own variables. OTEL_* belong to the SDK and are read there. */
const serviceEnvSchema = z.object({
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be between 1 and 65535')
    .max(65535, 'must be between 1 and 65535')
    .default(8080),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  // Time to keep serving after SIGTERM while endpoints drop the pod.
  SHUTDOWN_DELAY_MS: milliseconds(60_000).default(5_000),
  // Budget for draining; terminationGracePeriodSeconds must cover delay + this.
  SHUTDOWN_TIMEOUT_MS: milliseconds(120_000).default(20_000),
  // How long a readiness probe waits for each dependency.
  DEPENDENCY_TIMEOUT_MS: milliseconds(10_000).default(1_000),
});

/** Validated configuration. */
export type Config = z.infer<typeof serviceEnvSchema> & {
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
 * rollout instead of the first request. Values are never echoed: some are
 * secrets.
 */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>>,
  resources: readonly WorkloadResource[],
): Config {
  // Unset and empty are the same: Kubernetes renders absent optional keys as "".
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const service = serviceEnvSchema.safeParse(present);
  const dependencies = dependencyEnvSchema(resources).safeParse(present);
  const issues = [...(service.error?.issues ?? []), ...(dependencies.error?.issues ?? [])].map(issue => ({
    variable: String(issue.path[0]),
    message: issue.message,
  }));
  if (!service.success || !dependencies.success) throw new ConfigError(issues);
  return { ...service.data, dependencies: resolveDependencies(resources, dependencies.data) };
}
