import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { costActualsExtensionPoint } from '@pave/plugin-cost-node';
import { resolve } from 'node:path';
import { FocusDirectoryProvider } from './FocusDirectoryProvider';

/**
 * Adds FOCUS exports from `pave.cost.actuals.focusDirectory` to the cost
 * plugin's sources of actual spend. Without that setting it adds nothing.
 *
 * @public
 */
export const costModuleFocusDirectory = createBackendModule({
  pluginId: 'cost',
  moduleId: 'focus-directory',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        actuals: costActualsExtensionPoint,
      },
      async init({ config, logger, actuals }) {
        const directory = config.getOptionalString(
          'pave.cost.actuals.focusDirectory',
        );
        if (!directory) {
          return;
        }
        // Relative to the backend's working directory, like app-config files.
        const absolute = resolve(directory);
        logger.info(`Actual spend: FOCUS exports from ${absolute}`);
        actuals.addActualsProvider(
          new FocusDirectoryProvider({ directory: absolute }),
        );
      },
    });
  },
});
