import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import { policyServiceRef } from '@pave/plugin-policy-node';
import {
  upgradeBulkPermission,
  upgradeCreatePermission,
  upgradeReadPermission,
} from '@pave/plugin-upgrades-common';
import {
  goldenTemplatesServiceRef,
  isUpgradeComponentOwner,
  upgradeComponentResourceRef,
} from '@pave/plugin-upgrades-node';
import { RepositoryStore, repositoryBaseUrl } from '@pave/repository-store';
import { UpgradeStore } from './database/UpgradeStore';
import { BulkUpgrades } from './service/BulkUpgrades';
import { Inventory } from './service/Inventory';
import { createRouter, toUpgradeResource } from './service/router';
import { Upgrader } from './service/Upgrader';

/**
 * Template upgrades (`/api/upgrades`): a service created from an older
 * version of its golden template gets the current one by git's three-way
 * merge, as a branch in its repository for the team to review (never a
 * change to main), with the policy verdict on its upgraded plans, an
 * audit event, and a record on the entity page. The platform team
 * upgrades every service of a template at once. The templates render
 * through `goldenTemplatesServiceRef` (the scaffolder module's
 * `goldenTemplatesServiceFactory`, with the actions a new service runs).
 *
 * @public
 */
export const upgradesPlugin = createBackendPlugin({
  pluginId: 'upgrades',
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
        lifecycle: coreServices.lifecycle,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        userInfo: coreServices.userInfo,
        catalog: catalogServiceRef,
        goldenTemplates: goldenTemplatesServiceRef,
        policy: policyServiceRef,
      },
      async init(deps) {
        const { config, logger, catalog, auth, permissionsRegistry } = deps;
        const store = await UpgradeStore.create(
          await deps.database.getClient(),
          deps.database.migrations?.skip,
        );
        const templateVersion = (templateRef: string) =>
          deps.goldenTemplates.version(templateRef);
        const upgrader = new Upgrader({
          store,
          repositories: RepositoryStore.fromConfig(config),
          repositoryBaseUrl: repositoryBaseUrl(config),
          render: deps.goldenTemplates.render,
          templateVersion,
          catalog,
          policy: deps.policy,
          auth,
          auditor: deps.auditor,
          logger,
        });
        const inventory = new Inventory({
          upgrader,
          store,
          catalog,
          auth,
          templateVersion,
        });
        const bulk = new BulkUpgrades({
          store,
          upgrader,
          inventory,
          templateVersion,
          logger,
        });
        deps.lifecycle.addShutdownHook(() => bulk.stop());

        permissionsRegistry.addResourceType({
          resourceRef: upgradeComponentResourceRef,
          permissions: [upgradeCreatePermission],
          rules: [isUpgradeComponentOwner],
          getResources: async refs => {
            const credentials = await auth.getOwnServiceCredentials();
            return Promise.all(
              refs.map(async ref => {
                const entity = await catalog.getEntityByRef(ref, {
                  credentials,
                });
                return entity && toUpgradeResource(entity);
              }),
            );
          },
        });
        permissionsRegistry.addPermissions([
          upgradeReadPermission,
          upgradeBulkPermission,
        ]);

        deps.httpRouter.use(
          await createRouter({
            ...deps,
            store,
            upgrader,
            inventory,
            bulk,
            isAuthorized: createConditionAuthorizer(
              permissionsRegistry.getPermissionRuleset(
                upgradeComponentResourceRef,
              ),
            ),
          }),
        );
      },
    });
  },
});
