import {
  coreServices,
  createBackendPlugin,
  createExtensionPoint,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { costPermissions } from '@pave/plugin-cost-common';
import { infraServiceRef } from '@pave/plugin-infra-node';
import { resolve } from 'node:path';
import {
  ActualsIngester,
  CostActualsProvider,
  FocusDirectoryProvider,
} from './actuals/ActualsIngester';
import { DatabaseCostStore } from './database/DatabaseCostStore';
import { CatalogEstimates } from './service/CatalogEstimates';
import { CostEstimator } from './service/CostEstimator';
import { CostLedger } from './service/CostLedger';
import { PricingCatalog } from './service/PricingCatalog';
import { createRouter } from './service/router';

/**
 * The pricing directory: `pave.cost.pricingDirectory`, resolved against the
 * backend's working directory (packages/backend) like app-config file
 * locations; the repository's `pricing/` by default.
 */
export function pricingDirectory(config: Config): string {
  return resolve(
    config.getOptionalString('pave.cost.pricingDirectory') ?? '../../pricing',
  );
}

/**
 * Where other modules add sources of actual spend.
 *
 * @public
 */
export interface CostActualsExtensionPoint {
  addActualsProvider(provider: CostActualsProvider): void;
}

/** @public */
export const costActualsExtensionPoint =
  createExtensionPoint<CostActualsExtensionPoint>({
    id: 'cost.actuals',
  });

/**
 * The cost plugin: prices plans before anything is created, records each
 * entity's estimates (from the scaffolder and from its catalog Resources),
 * ingests actual spend (FOCUS files) on a schedule, and serves entity and
 * team rollups against budgets. A bad pricing file fails the start, naming
 * the file and the entry.
 *
 * @public
 */
export const costPlugin = createBackendPlugin({
  pluginId: 'cost',
  register(env) {
    const providers: CostActualsProvider[] = [];
    env.registerExtensionPoint(costActualsExtensionPoint, {
      addActualsProvider(provider) {
        providers.push(provider);
      },
    });
    env.registerInit({
      deps: {
        auth: coreServices.auth,
        auditor: coreServices.auditor,
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
        infra: infraServiceRef,
      },
      async init({
        auth,
        auditor,
        config,
        database,
        httpAuth,
        httpRouter,
        logger,
        permissions,
        permissionsRegistry,
        scheduler,
        catalog,
        infra,
      }) {
        permissionsRegistry.addPermissions(costPermissions);
        const pricing = await PricingCatalog.fromDirectory(
          pricingDirectory(config),
        );
        const store = await DatabaseCostStore.create({
          knex: await database.getClient(),
          skipMigrations: database.migrations?.skip,
        });
        const estimator = new CostEstimator({ catalog: pricing });
        const ledger = new CostLedger({
          catalog,
          auth,
          store,
          divergenceThreshold:
            config.getOptionalNumber('pave.cost.divergenceThreshold') ?? 0.25,
        });
        const ingester = new ActualsIngester({ store, logger });

        const catalogEstimates = new CatalogEstimates({
          catalog,
          auth,
          infra,
          estimator,
          store,
          logger,
        });
        await scheduler.scheduleTask({
          id: 'cost-catalog-estimates',
          frequency: {
            seconds:
              config.getOptionalNumber('pave.cost.catalogRefreshSeconds') ??
              300,
          },
          timeout: { minutes: 10 },
          initialDelay: { seconds: 10 },
          fn: async () => {
            await catalogEstimates.refresh();
          },
        });

        const focusDirectory = config.getOptionalString(
          'pave.cost.actuals.focusDirectory',
        );
        if (focusDirectory) {
          providers.push(
            new FocusDirectoryProvider({
              directory: resolve(focusDirectory),
              store,
            }),
          );
        }
        if (providers.length > 0) {
          await scheduler.scheduleTask({
            id: 'cost-actuals-ingest',
            frequency: {
              minutes:
                config.getOptionalNumber(
                  'pave.cost.actuals.frequencyMinutes',
                ) ?? 60,
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

        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            auditor,
            estimator,
            infra,
            ledger,
            store,
            ingester,
          }),
        );
      },
    });
  },
});
