import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import { infraServiceRef } from '@pave/plugin-infra-node';
import { policyServiceRef } from '@pave/plugin-policy-node';
import {
  goldenTemplateRenderer,
  readGoldenTemplate,
} from '@pave/plugin-scaffolder-backend-module-pave';
import {
  upgradeBulkPermission,
  upgradeCreatePermission,
  upgradeReadPermission,
} from '@pave/plugin-upgrades-common';
import {
  isUpgradeComponentOwner,
  upgradeComponentResourceRef,
} from '@pave/plugin-upgrades-node';
import { RepositoryStore } from '@pave/repository-store';
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
 * upgrades every service of a template at once. Renders the templates in
 * `pave.upgrades.templatesDirectory` (default `../../templates`), the same
 * files the catalog serves.
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
        reader: coreServices.urlReader,
        userInfo: coreServices.userInfo,
        catalog: catalogServiceRef,
        infra: infraServiceRef,
        policy: policyServiceRef,
      },
      async init(deps) {
        const { config, logger, catalog, auth, permissionsRegistry } = deps;
        const templatesDirectory =
          config.getOptionalString('pave.upgrades.templatesDirectory') ??
          '../../templates';
        const store = await UpgradeStore.create(
          await deps.database.getClient(),
          deps.database.migrations?.skip,
        );
        const templateVersion = async (templateRef: string) =>
          (await readGoldenTemplate(templatesDirectory, templateRef)).version;
        const upgrader = new Upgrader({
          store,
          repositories: RepositoryStore.fromConfig(config),
          render: goldenTemplateRenderer({
            templatesDirectory,
            infra: deps.infra,
            reader: deps.reader,
            integrations: ScmIntegrations.fromConfig(config),
            logger,
          }),
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
        deps.lifecycle.addShutdownHook(() => bulk.idle());

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
