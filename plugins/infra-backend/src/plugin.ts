import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { infraPermissions } from '@pave/plugin-infra-common';
import { EnvironmentRegistry, InfraService } from '@pave/plugin-infra-node';
import { createRouter } from './service/router';

/**
 * The infra plugin: `/api/infra/plan` and `/api/infra/synth`.
 *
 * @public
 */
export const infraPlugin = createBackendPlugin({
  pluginId: 'infra',
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
        permissionsRegistry.addPermissions(infraPermissions);
        const infra = new InfraService(EnvironmentRegistry.fromConfig(config));
        httpRouter.use(await createRouter({ httpAuth, permissions, infra }));
      },
    });
  },
});
