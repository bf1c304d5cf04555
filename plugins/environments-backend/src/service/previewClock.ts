import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { Orchestrator } from './Orchestrator';

/** The scheduled task's id, for operators (and tests) to trigger it. */
export const PREVIEW_CLOCK_TASK = 'environments-expire-previews';

/**
 * Schedules the previews' clock: {@link Orchestrator.expirePreviews} every
 * minute, once across backend replicas (the scheduler's global scope takes
 * a lock in the database). Each replica's reconcile loop then destroys
 * what expired on the target it serves.
 */
export async function schedulePreviewClock(options: {
  scheduler: SchedulerService;
  orchestrator: Orchestrator;
  logger: LoggerService;
}): Promise<void> {
  const { scheduler, orchestrator, logger } = options;
  await scheduler.scheduleTask({
    id: PREVIEW_CLOCK_TASK,
    frequency: { minutes: 1 },
    timeout: { minutes: 10 },
    initialDelay: { seconds: 30 },
    scope: 'global',
    fn: async () => {
      for (const line of await orchestrator.expirePreviews()) {
        logger.info(line);
      }
    },
  });
}
