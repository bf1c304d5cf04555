import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { costServiceRef } from '@pave/plugin-cost-node';
import { infraServiceRef } from '@pave/plugin-infra-node';
import { policyPermissions } from '@pave/plugin-policy-common';
import { policyEngineServiceRef } from '@pave/plugin-policy-node';
import { BudgetEstimates } from './service/BudgetEstimates';
import { ExceptionStore } from './database/ExceptionStore';
import { ComplianceService } from './service/ComplianceService';
import { PolicyExceptions } from './service/PolicyExceptions';
import { WhatIf } from './service/WhatIf';
import { TemplateChecker } from './service/TemplateChecker';
import { replicaReloads } from './service/replicaReloads';
import { createRouter } from './service/router';

/**
 * The policy plugin: `/api/policy` — evaluate, template-check, compliance,
 * policies and reload. The Cedar set itself is the shared
 * {@link policyEngineServiceRef}, which the permission policy judges with too.
 * The template check prices its plans with the cost plugin
 * (`costServiceRef`) for the budget rules, and still answers when that
 * plugin is absent.
 *
 * @public
 */
export const policyPlugin = createBackendPlugin({
  pluginId: 'policy',
  register(env) {
    env.registerInit({
      deps: {
        auth: coreServices.auth,
        logger: coreServices.logger,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        userInfo: coreServices.userInfo,
        auditor: coreServices.auditor,
        config: coreServices.rootConfig,
        database: coreServices.database,
        catalog: catalogServiceRef,
        engine: policyEngineServiceRef,
        infra: infraServiceRef,
        cost: costServiceRef,
        events: eventsServiceRef,
        // Its start-up hooks run once every plugin is up (the events
        // backend among them), unlike a plugin's own.
        lifecycle: coreServices.rootLifecycle,
      },
      async init(deps) {
        const { auth, logger, catalog, engine, infra, cost, database } = deps;
        deps.permissionsRegistry.addPermissions(policyPermissions);
        const exceptionStore = await ExceptionStore.create(
          await database.getClient(),
          database.migrations?.skip,
        );
        const exceptions = new PolicyExceptions({
          store: exceptionStore,
          engine,
          catalog,
          infra,
        });
        const compliance = new ComplianceService({
          catalog,
          infra,
          engine,
          exceptions,
        });
        deps.httpRouter.use(
          await createRouter({
            ...deps,
            templateChecker: new TemplateChecker({
              catalog,
              auth,
              infra,
              engine,
              cost: new BudgetEstimates({ cost, auth }),
              logger,
              // The wizard checks on every change; a template and an owner
              // stand 10 s, as in the permission policy.
              lookupTtlMs: 10_000,
              exceptions,
            }),
            compliance,
            whatIf: new WhatIf({ catalog, engine, compliance, exceptions }),
            requireWhatIf:
              deps.config.getOptionalBoolean(
                'pave.policy.reload.requireWhatIf',
              ) ?? false,
            exceptions,
            exceptionStore,
            announceReload: replicaReloads({ ...deps, engine, logger }),
          }),
        );
      },
    });
  },
});
