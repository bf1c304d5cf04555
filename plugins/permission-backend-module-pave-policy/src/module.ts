import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { policyEngineServiceRef } from '@pave/plugin-policy-node';
import { PavePermissionPolicy } from './PavePermissionPolicy';
import { CatalogTemplateSource } from './TemplateCatalog';

/**
 * Actions judged by `action.execute` even when no catalog template uses
 * them, because a dry run in the template editor can.
 */
const DEFAULT_GOVERNED_ACTIONS = ['debug:log', 'debug:wait'];

/**
 * Installs {@link PavePermissionPolicy} as the permission backend's policy.
 *
 * @public
 */
export const permissionModulePavePolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'pave-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        engine: policyEngineServiceRef,
        policy: policyExtensionPoint,
      },
      async init({ config, auth, catalog, engine, policy }) {
        const configured =
          config.getOptionalString('pave.permissions.platformGroup') ??
          'group:default/platform';
        // Normalise early so a typo in config fails the start, not a request.
        const platformGroup = stringifyEntityRef(
          parseEntityRef(configured, { defaultKind: 'group' }),
        );
        const governedActions =
          config.getOptionalStringArray('pave.permissions.governedActions') ??
          DEFAULT_GOVERNED_ACTIONS;
        policy.setPolicy(
          new PavePermissionPolicy({
            platformGroup,
            engine,
            templates: new CatalogTemplateSource({
              catalog,
              auth,
              governedActions,
            }),
          }),
        );
      },
    });
  },
});
