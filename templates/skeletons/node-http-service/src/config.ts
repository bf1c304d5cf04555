import { z } from 'zod';
import type { WorkloadResource } from './dependencies';
import { listenEnv, logLevel, milliseconds, readEnvironment } from './environment';

export { ConfigError } from './environment';

/** The service's own variables. OTEL_* belong to the SDK and are read there. */
const serviceEnvSchema = z.object({
  ...listenEnv,
  LOG_LEVEL: logLevel(),
  // Time to keep serving after SIGTERM while endpoints drop the pod.
  SHUTDOWN_DELAY_MS: milliseconds(60_000).default(5_000),
  // Budget for draining; terminationGracePeriodSeconds must cover delay + this.
  SHUTDOWN_TIMEOUT_MS: milliseconds(120_000).default(20_000),
  // How long a readiness probe waits for each dependency.
  DEPENDENCY_TIMEOUT_MS: milliseconds(10_000).default(1_000),
});

/** Validated configuration. */
export type Config = ReturnType<typeof loadConfig>;

/** The service's configuration, or a `ConfigError` naming every bad variable. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>, resources: readonly WorkloadResource[]) {
  return readEnvironment(serviceEnvSchema, env, resources);
}
