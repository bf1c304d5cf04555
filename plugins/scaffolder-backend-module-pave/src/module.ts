import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { EnvironmentRegistry, InfraService } from '@pave/plugin-infra-node';
import { createInfraSynthAction } from './actions/infraSynth';
import { createPolicyCheckAction } from './actions/policyCheck';

/**
 * Registers Pave's scaffolder actions.
 *
 * @public
 */
export const scaffolderModulePave = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'pave',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        scaffolder: scaffolderActionsExtensionPoint,
      },
      async init({ config, discovery, auth, scaffolder }) {
        const infra = new InfraService(EnvironmentRegistry.fromConfig(config));
        scaffolder.addActions(
          createInfraSynthAction({ infra }),
          createPolicyCheckAction({ discovery, auth }),
        );
      },
    });
  },
});
