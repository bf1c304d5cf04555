import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { policyPermissions } from '@pave/plugin-policy-common';
import { resolve } from 'node:path';
import { PolicyEngine } from './engine/PolicyEngine';
import { createRouter } from './service/router';

/**
 * The policy directory: `pave.policy.directory`, resolved like app-config
 * file locations against the backend's working directory (packages/backend),
 * so the default `../../policies` is the repository's `policies/`.
 */
function policyDirectory(config: Config): string {
  return resolve(
    process.cwd(),
    config.getOptionalString('pave.policy.directory') ?? '../../policies',
  );
}

/**
 * The policy plugin: `/api/policy/evaluate` and `/api/policy/policies`.
 *
 * @public
 */
export const policyPlugin = createBackendPlugin({
  pluginId: 'policy',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        userInfo: coreServices.userInfo,
        auditor: coreServices.auditor,
      },
      async init({
        config,
        logger,
        httpAuth,
        httpRouter,
        permissions,
        permissionsRegistry,
        userInfo,
        auditor,
      }) {
        permissionsRegistry.addPermissions(policyPermissions);
        const engine = await PolicyEngine.create({
          directory: policyDirectory(config),
          logger,
        });
        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            userInfo,
            auditor,
            engine,
          }),
        );
      },
    });
  },
});
