import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { environmentsApi } from './extensions/environmentsApi';
import { environmentsEntityContent } from './extensions/environmentsEntityContent';

/**
 * Where components run, in the portal: the Environments tab.
 *
 * @public
 */
export const environmentsPlugin = createFrontendPlugin({
  pluginId: 'environments',
  info: { packageJson: () => import('../package.json') },
  extensions: [environmentsApi, environmentsEntityContent],
});
