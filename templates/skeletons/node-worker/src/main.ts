import { once } from 'node:events';
import { loadConfig } from './config';
import { Consumer, exponentialBackoff } from './consumer';
import { checkDependency } from './dependencies';
import { createJobHandler } from './handler';
import { InMemoryTransport } from './inMemoryTransport';
import { AmqpTransport } from './amqpTransport';
import { createLogger } from './logger';
import { createProbeServer } from './probeServer';
import { Readiness } from './readiness';
import { onShutdown } from './shutdown';
import { cannotStart, configOrExit } from './start';
import { telemetry } from './telemetry';
import type { Transport } from './transport';
import { RESOURCES, SERVICE_NAME } from './workload';

async function main(): Promise<void> {
  const config = await configOrExit(() => loadConfig(process.env, RESOURCES));
  const logger = createLogger({ name: SERVICE_NAME, level: config.LOG_LEVEL });

  // The queue this worker consumes: the first queue in score.yaml.
  const input = RESOURCES.find(r => r.type === 'queue')?.name ?? `${SERVICE_NAME}-input`;
  const queue = config.dependencies.find(d => d.resource.name === input);
  let transport: Transport;
  if (queue?.amqpUrl) {
    // RabbitMQ: the local target's queues (and any AMQP broker).
    transport = new AmqpTransport(queue.amqpUrl, queue.queueName ?? input);
  } else {
    // Swap in your cloud broker's Transport here (docs/index.md, "Connecting a broker").
    transport = new InMemoryTransport(input);
    logger.warn({ queue: input }, 'using the in-memory transport: messages exist only inside this process');
  }

  const consumer = new Consumer({
    transport,
    handler: createJobHandler(async job => {
      // The example does nothing; your work goes here, idempotent on job.id.
      await Promise.resolve(job);
    }),
    logger,
    serviceName: SERVICE_NAME,
    concurrency: config.WORKER_CONCURRENCY,
    maxAttempts: config.WORKER_MAX_ATTEMPTS,
    retryDelayMs: exponentialBackoff({ baseMs: config.WORKER_RETRY_BASE_MS, maxMs: config.WORKER_RETRY_MAX_MS }),
  });
  const readiness = new Readiness([
    () => Promise.resolve({ name: 'consumer', type: 'queue', ...consumer.status }),
    ...config.dependencies.map(dependency => () => checkDependency(dependency, config.DEPENDENCY_TIMEOUT_MS)),
  ]);
  const probes = createProbeServer(readiness);

  onShutdown({
    source: process,
    logger,
    timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    exit: code => process.exit(code),
    steps: [
      {
        // Stop pulling, finish what is in hand; nothing half-done is acked.
        name: 'drain messages',
        run: () => {
          readiness.markDraining();
          return consumer.stop();
        },
      },
      { name: 'close the transport', run: () => transport.close() },
      {
        name: 'close the probe server',
        run: () => new Promise<void>((resolve, reject) => probes.close(e => (e ? reject(e) : resolve()))),
      },
      { name: 'flush telemetry', run: () => telemetry.shutdown() },
    ],
  });

  probes.listen(config.PORT, config.HOST);
  await once(probes, 'listening');
  consumer.start();
  readiness.markReady();
  logger.info(
    { telemetry: telemetry.enabled, queue: input, concurrency: config.WORKER_CONCURRENCY, port: config.PORT },
    'ready',
  );
}

main().catch(cannotStart);
