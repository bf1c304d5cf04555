import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { PavePermissionPolicy } from './PavePermissionPolicy';

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
        policy: policyExtensionPoint,
      },
      async init({ config, policy }) {
        const configured =
          config.getOptionalString('pave.permissions.platformGroup') ??
          'group:default/platform';
        // Normalise early so a typo in config fails the start, not a request.
        const platformGroup = stringifyEntityRef(
          parseEntityRef(configured, { defaultKind: 'group' }),
        );
        policy.setPolicy(new PavePermissionPolicy({ platformGroup }));
      },
    });
  },
});
