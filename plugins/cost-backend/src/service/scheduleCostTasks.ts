import {
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { CostActualsProvider } from '@pave/plugin-cost-node';
import { ActualsIngester } from '../actuals/ActualsIngester';
import { CatalogEstimates } from './CatalogEstimates';

/**
 * The cost plugin's background work, coordinated by the scheduler (one
 * replica runs each round): re-estimating components from their catalog
 * Resources (`pave.cost.catalogRefreshSeconds`, default 300 s) and, when
 * a module added a source of actual spend, collecting from each
 * (`pave.cost.actuals.frequencyMinutes`, default 60). A failing provider
 * is logged and the others still run.
 */
export async function scheduleCostTasks(deps: {
  config: RootConfigService;
  logger: LoggerService;
  scheduler: SchedulerService;
  catalogEstimates: CatalogEstimates;
  ingester: ActualsIngester;
  providers: CostActualsProvider[];
}) {
  const { config, logger, scheduler, catalogEstimates, ingester, providers } =
    deps;
  await scheduler.scheduleTask({
    id: 'cost-catalog-estimates',
    frequency: {
      seconds:
        config.getOptionalNumber('pave.cost.catalogRefreshSeconds') ?? 300,
    },
    timeout: { minutes: 10 },
    initialDelay: { seconds: 10 },
    fn: async () => {
      await catalogEstimates.refresh();
    },
  });
  if (providers.length === 0) {
    return;
  }
  await scheduler.scheduleTask({
    id: 'cost-actuals-ingest',
    frequency: {
      minutes:
        config.getOptionalNumber('pave.cost.actuals.frequencyMinutes') ?? 60,
    },
    timeout: { hours: 1 },
    initialDelay: { seconds: 30 },
    fn: async () => {
      for (const provider of providers) {
        try {
          await provider.collect(ingester);
        } catch (error) {
          logger.error(
            `Actual spend from ${provider.id} failed: ${
              (error as Error).message
            }`,
          );
        }
      }
    },
  });
}
