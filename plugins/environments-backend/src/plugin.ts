import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import {
  environmentManagePermission,
  environmentReadPermission,
} from '@pave/plugin-environments-common';
import {
  LocalResources,
  LocalServices,
  environmentComponentResourceRef,
  isComponentOwner,
} from '@pave/plugin-environments-node';
import { RepositoryStore } from '@pave/repository-store';
import { policyEngineServiceRef } from '@pave/plugin-policy-node';
import { DeploymentStore } from './database/DeploymentStore';
import { Orchestrator } from './service/Orchestrator';
import { schedulePreviewClock } from './service/previewClock';
import { PreviewBudget } from './service/PreviewBudget';
import { costServiceRef } from '@pave/plugin-cost-node';
import { createRouter, toComponentResource } from './service/router';

/**
 * The environment orchestrator: desired and actual state of each
 * component in each environment (its own tables), the local target on the
 * Pave host, a reconcile loop (`pave.environments.reconcileSeconds`,
 * default 15) that brings back what stopped or was dropped, and the
 * previews' clock (a scheduled task, once across replicas) that warns
 * owners before a preview expires and turns it off when it has. The local
 * target runs services in this backend's process tree: with several
 * replicas, one serves it (`pave.environments.local.enabled` on that one).
 *
 * @public
 */
export const environmentsPlugin = createBackendPlugin({
  pluginId: 'environments',
  register(env) {
    env.registerInit({
      deps: {
        auth: coreServices.auth,
        auditor: coreServices.auditor,
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        lifecycle: coreServices.rootLifecycle,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
        policyEngine: policyEngineServiceRef,
        cost: costServiceRef,
        userInfo: coreServices.userInfo,
        notifications: notificationService,
      },
      async init(deps) {
        const { config, database, logger, permissionsRegistry, catalog, auth } =
          deps;
        const local = config.getOptionalConfig('pave.environments.local');
        const enabled = local?.getOptionalBoolean('enabled') ?? true;
        const resources = new LocalResources(
          local?.getOptionalString('dataDirectory') ?? '../../data/local',
        );
        const services = new LocalServices({
          workDir:
            local?.getOptionalString('workDirectory') ??
            '/tmp/pave-deployments',
          resources,
        });
        const store = await DeploymentStore.create(
          await database.getClient(),
          database.migrations?.skip,
        );
        const orchestrator = new Orchestrator({
          store,
          services,
          repositories: RepositoryStore.fromConfig(config),
          auditor: deps.auditor,
          logger,
          localEnvironments: enabled
            ? local?.getOptionalStringArray('environments') ?? ['local']
            : [],
          previews: {
            defaultTtlHours:
              config.getOptionalNumber(
                'pave.environments.previews.defaultTtlHours',
              ) ?? 24,
            maxTtlHours:
              config.getOptionalNumber(
                'pave.environments.previews.maxTtlHours',
              ) ?? 168,
            noticeHours:
              config.getOptionalNumber(
                'pave.environments.previews.noticeHours',
              ) ?? 2,
          },
          notify: async ({ entityRef, title, description, link }) =>
            deps.notifications.send({
              // The component's owners (the notifications backend resolves them).
              recipients: { type: 'entity', entityRef },
              payload: {
                title,
                description,
                link,
                severity: 'high',
                topic: 'preview-expiry',
              },
            }),
        });

        // Once across replicas; each one's reconcile loop (below) destroys
        // what expired on its target.
        await schedulePreviewClock({
          scheduler: deps.scheduler,
          orchestrator,
          logger,
        });

        permissionsRegistry.addResourceType({
          resourceRef: environmentComponentResourceRef,
          permissions: [environmentManagePermission],
          rules: [isComponentOwner],
          getResources: async refs => {
            const credentials = await auth.getOwnServiceCredentials();
            return Promise.all(
              refs.map(async ref => {
                const entity = await catalog.getEntityByRef(ref, {
                  credentials,
                });
                return entity && toComponentResource(entity);
              }),
            );
          },
        });
        permissionsRegistry.addPermissions([environmentReadPermission]);

        if (enabled) {
          const seconds =
            config.getOptionalNumber('pave.environments.reconcileSeconds') ??
            15;
          // In this process (the local target's services are its children),
          // not through the cluster-wide scheduler: it runs on every replica
          // that serves the local target.
          const timer = setInterval(() => {
            orchestrator.reconcile().then(
              repaired => repaired.forEach(r => logger.info(`reconciled ${r}`)),
              error =>
                logger.warn(`reconcile failed: ${(error as Error).message}`),
            );
          }, seconds * 1000);
          timer.unref();
          deps.lifecycle.addShutdownHook(async () => {
            clearInterval(timer);
            await orchestrator.idle();
            await services.stopAll();
            await resources.stop();
          });
        }

        deps.httpRouter.use(
          await createRouter({
            ...deps,
            store,
            orchestrator,
            services,
            previewBudget: new PreviewBudget({
              cost: deps.cost,
              auth,
              catalog,
              store,
              logger,
              priceAs: local?.getOptionalString('priceAs'),
            }),
            isAuthorized: createConditionAuthorizer(
              permissionsRegistry.getPermissionRuleset(
                environmentComponentResourceRef,
              ),
            ),
          }),
        );
      },
    });
  },
});
