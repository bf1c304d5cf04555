import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { costPermissions } from '@pave/plugin-cost-common';
import { EnvironmentRegistry, InfraService } from '@pave/plugin-infra-node';
import { resolve } from 'node:path';
import { CostEstimator } from './service/CostEstimator';
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
 * The cost plugin: `POST /api/cost/estimate` prices a plan from the pricing
 * catalog before anything is created. A bad pricing file fails the start,
 * naming the file and the entry.
 *
 * @public
 */
export const costPlugin = createBackendPlugin({
  pluginId: 'cost',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
      },
      async init({
        config,
        httpAuth,
        httpRouter,
        permissions,
        permissionsRegistry,
      }) {
        permissionsRegistry.addPermissions(costPermissions);
        const catalog = await PricingCatalog.fromDirectory(
          pricingDirectory(config),
        );
        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            estimator: new CostEstimator({ catalog }),
            infra: new InfraService(EnvironmentRegistry.fromConfig(config)),
          }),
        );
      },
    });
  },
});
