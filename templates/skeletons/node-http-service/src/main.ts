import { setTimeout as sleep } from 'node:timers/promises';
import { buildApp } from './app';
import { loadConfig } from './config';
import { checkDependency } from './dependencies';
import { createLogger } from './logger';
import { Readiness } from './readiness';
import { onShutdown } from './shutdown';
import { cannotStart, configOrExit } from './start';
import { telemetry } from './telemetry';
import { RESOURCES, SERVICE_NAME } from './workload';

async function main(): Promise<void> {
  const config = await configOrExit(() => loadConfig(process.env, RESOURCES));
  const logger = createLogger({ name: SERVICE_NAME, level: config.LOG_LEVEL });
  const readiness = new Readiness(
    config.dependencies.map(dependency => () => checkDependency(dependency, config.DEPENDENCY_TIMEOUT_MS)),
  );
  const app = buildApp({ serviceName: SERVICE_NAME, logger, readiness });

  onShutdown({
    source: process,
    logger,
    timeoutMs: config.SHUTDOWN_DELAY_MS + config.SHUTDOWN_TIMEOUT_MS,
    exit: code => process.exit(code),
    steps: [
      {
        // Fail /readyz first and keep serving until endpoints drop this pod.
        name: 'leave the load balancer',
        run: async () => {
          readiness.markDraining();
          await sleep(config.SHUTDOWN_DELAY_MS);
        },
      },
      // Stops accepting, waits for requests in flight.
      { name: 'close the HTTP server', run: () => app.close() },
      { name: 'flush telemetry', run: () => telemetry.shutdown() },
    ],
  });

  await app.listen({ host: config.HOST, port: config.PORT });
  readiness.markReady();
  logger.info({ telemetry: telemetry.enabled, dependencies: RESOURCES.length }, 'ready');
}

main().catch(cannotStart);
