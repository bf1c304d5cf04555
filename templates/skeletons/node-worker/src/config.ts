import { z } from 'zod';
import type { WorkloadResource } from './dependencies';
import { integer, listenEnv, logLevel, readEnvironment } from './environment';

export { ConfigError } from './environment';

/** The worker's own variables. OTEL_* belong to the SDK and are read there. */
const workerEnvSchema = z.object({
  // The probe server's address; nothing else listens.
  ...listenEnv,
  LOG_LEVEL: logLevel(),
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
export type Config = ReturnType<typeof loadConfig>;

/** The worker's configuration, or a `ConfigError` naming every bad variable. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>, resources: readonly WorkloadResource[]) {
  return readEnvironment(workerEnvSchema, env, resources, worker =>
    worker.WORKER_RETRY_MAX_MS < worker.WORKER_RETRY_BASE_MS
      ? [{ variable: 'WORKER_RETRY_MAX_MS', message: 'must be at least WORKER_RETRY_BASE_MS' }]
      : [],
  );
}
