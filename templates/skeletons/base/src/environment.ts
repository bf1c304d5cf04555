import { z } from 'zod';
import {
  type DependencyConfig,
  type WorkloadResource,
  dependencyEnvSchema,
  resolveDependencies,
} from './dependencies';

/** pino's levels; `silent` turns logging off. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** LOG_LEVEL: one of pino's levels, `info` by default. */
export const logLevel = () =>
  z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info');

/** A whole number from `min` to `max`, read from a variable's text. */
export const integer = (min: number, max: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(min, `must be between ${min} and ${max}`)
    .max(max, `must be between ${min} and ${max}`);

/** A duration in milliseconds, from 0 to `max`. */
export const milliseconds = (max: number) =>
  z.coerce
    .number({ error: 'must be a number of milliseconds' })
    .int('must be a whole number')
    .min(0, 'must not be negative')
    .max(max, `must be at most ${max}`);

/** Where the process listens: HOST (every interface) and PORT (8080). */
export const listenEnv = {
  HOST: z.string().default('0.0.0.0'),
  PORT: integer(1, 65535).default(8080),
};

/** One wrong variable, named, with the rule it breaks. */
export interface EnvironmentIssue {
  variable: string;
  message: string;
}

/** A bad environment; the message names every offending variable. */
export class ConfigError extends Error {
  readonly variables: string[];

  constructor(issues: EnvironmentIssue[]) {
    super(`invalid environment: ${issues.map(i => `${i.variable} ${i.message}`).join('; ')}`);
    this.name = 'ConfigError';
    this.variables = issues.map(i => i.variable);
  }
}

/**
 * Reads and validates the environment once, at start-up, so a typo fails the
 * rollout instead of the first request or message: the process's own
 * variables (`schema`, plus rules across them in `check`) and those of every
 * resource in score.yaml. Values are never echoed: some are secrets.
 */
export function readEnvironment<T extends z.ZodObject>(
  schema: T,
  env: Readonly<Record<string, string | undefined>>,
  resources: readonly WorkloadResource[],
  check: (values: z.infer<T>) => EnvironmentIssue[] = () => [],
): z.infer<T> & { dependencies: DependencyConfig[] } {
  // Unset and empty are the same: Kubernetes renders absent optional keys as "".
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const own = schema.safeParse(present);
  const dependencies = dependencyEnvSchema(resources).safeParse(present);
  const issues = [...(own.error?.issues ?? []), ...(dependencies.error?.issues ?? [])].map(issue => ({
    variable: String(issue.path[0]),
    message: issue.message,
  }));
  if (own.success) issues.push(...check(own.data));
  if (!own.success || !dependencies.success || issues.length > 0) throw new ConfigError(issues);
  return { ...own.data, dependencies: resolveDependencies(resources, dependencies.data) };
}
