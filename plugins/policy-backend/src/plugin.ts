import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { infraServiceRef } from '@pave/plugin-infra-node';
import { policyPermissions } from '@pave/plugin-policy-common';
import { policyEngineServiceRef } from '@pave/plugin-policy-node';
import { ComplianceService } from './service/ComplianceService';
import { CostClient } from './service/CostClient';
import { TemplateChecker } from './service/TemplateChecker';
import { createRouter } from './service/router';

/**
 * The policy plugin: `/api/policy` — evaluate, template-check, compliance,
 * policies and reload. The Cedar set itself is the shared
 * {@link policyEngineServiceRef}, which the permission policy judges with too.
 * The template check prices its plans with the cost plugin (`/api/cost`)
 * for the budget rules, and still answers when that plugin is absent.
 *
 * @public
 */
export const policyPlugin = createBackendPlugin({
  pluginId: 'policy',
  register(env) {
    env.registerInit({
      deps: {
        infra: infraServiceRef,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        logger: coreServices.logger,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        userInfo: coreServices.userInfo,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
        engine: policyEngineServiceRef,
      },
      async init({
        infra,
        auth,
        discovery,
        logger,
        httpAuth,
        httpRouter,
        permissions,
        permissionsRegistry,
        userInfo,
        auditor,
        catalog,
        engine,
      }) {
        permissionsRegistry.addPermissions(policyPermissions);
        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            userInfo,
            auditor,
            engine,
            templateChecker: new TemplateChecker({
              catalog,
              infra,
              engine,
              cost: new CostClient({ discovery, auth }),
              logger,
            }),
            compliance: new ComplianceService({ catalog, infra, engine }),
          }),
        );
      },
    });
  },
});
