import { createLogger } from './logger';
import { telemetry } from './telemetry';
import { SERVICE_NAME } from './workload';

/**
 * Exits the process because it cannot start: one fatal JSON line (no
 * configured logger may exist yet; this is what a crash-looping pod shows),
 * telemetry flushed, exit code 1.
 */
export async function cannotStart(error: unknown): Promise<never> {
  createLogger({ name: SERVICE_NAME, level: 'info' }).fatal({ err: error }, 'cannot start');
  await telemetry.shutdown();
  process.exit(1);
}

/** The configuration `load` reads, or the process ends as {@link cannotStart} says. */
export async function configOrExit<C>(load: () => C): Promise<C> {
  try {
    return load();
  } catch (error) {
    return cannotStart(error);
  }
}
