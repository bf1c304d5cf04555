import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { costPermissions } from '@pave/plugin-cost-common';
import {
  CostActualsProvider,
  costActualsExtensionPoint,
} from '@pave/plugin-cost-node';
import { infraServiceRef } from '@pave/plugin-infra-node';
import { createCostServices } from './service/createCostServices';
import { scheduleCostTasks } from './service/scheduleCostTasks';
import { createRouter } from './service/router';

/**
 * The cost plugin: prices plans before anything is created, records each
 * entity's estimates (from the scaffolder and from its catalog Resources),
 * ingests actual spend from the providers modules add
 * (`costActualsExtensionPoint`) on a schedule, and serves entity and team
 * rollups against budgets. A bad pricing file fails the start, naming the
 * file and the entry.
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
      async init(deps) {
        deps.permissionsRegistry.addPermissions(costPermissions);
        const services = await createCostServices(deps);
        await scheduleCostTasks({ ...deps, ...services, providers });
        deps.httpRouter.use(await createRouter({ ...deps, ...services }));
      },
    });
  },
});
