import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { infraPermissions } from '@pave/plugin-infra-common';
import { infraServiceRef } from '@pave/plugin-infra-node';
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
        infra: infraServiceRef,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
      },
      async init({
        infra,
        httpAuth,
        httpRouter,
        permissions,
        permissionsRegistry,
      }) {
        permissionsRegistry.addPermissions(infraPermissions);
        httpRouter.use(await createRouter({ httpAuth, permissions, infra }));
      },
    });
  },
});
