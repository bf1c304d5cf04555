import type { Logger } from 'pino';

/** One thing to do on the way out, in order. */
export interface ShutdownStep {
  name: string;
  run: () => Promise<void>;
}

/** Where signals come from: `process`, or an EventEmitter in tests. */
export interface SignalSource {
  on(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
}

/** Options for {@link onShutdown}. */
export interface ShutdownOptions {
  source: SignalSource;
  steps: readonly ShutdownStep[];
  /** The whole shutdown's budget; past it the process exits 1 regardless. */
  timeoutMs: number;
  logger: Logger;
  exit: (code: number) => void;
  signals?: readonly NodeJS.Signals[];
}

/**
 * On SIGTERM or SIGINT runs the steps in order and exits: 0 if all worked, 1
 * if any failed or the budget ran out. A failing step does not stop the rest,
 * so telemetry is still flushed. A second signal exits at once (Ctrl-C twice).
 */
export function onShutdown(options: ShutdownOptions): { shutdown: (reason: string) => Promise<number> } {
  const { source, steps, timeoutMs, logger, exit } = options;
  let running: Promise<number> | undefined;

  async function runSteps(): Promise<number> {
    let code = 0;
    for (const step of steps) {
      const started = Date.now();
      try {
        await step.run();
        logger.info({ step: step.name, ms: Date.now() - started }, 'shutdown step done');
      } catch (error) {
        code = 1;
        logger.error({ err: error, step: step.name }, 'shutdown step failed');
      }
    }
    return code;
  }

  function shutdown(reason: string): Promise<number> {
    running ??= (async () => {
      logger.info({ reason, timeoutMs }, 'shutting down');
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<number>(resolve => {
        timer = setTimeout(() => {
          logger.error({ timeoutMs }, 'shutdown timed out');
          resolve(1);
        }, timeoutMs);
      });
      const code = await Promise.race([runSteps(), timedOut]);
      clearTimeout(timer);
      exit(code);
      return code;
    })();
    return running;
  }

  for (const signal of options.signals ?? ['SIGTERM', 'SIGINT']) {
    source.on(signal, received => {
      if (running) {
        logger.warn({ signal: received }, 'second signal, exiting now');
        exit(1);
        return;
      }
      void shutdown(received);
    });
  }
  return { shutdown };
}
