import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { environmentsApi } from './extensions/environmentsApi';
import { environmentsEntityContent } from './extensions/environmentsEntityContent';
import {
  environmentsPage,
  environmentsRouteRef,
} from './extensions/environmentsPage';

/**
 * Where components run, in the portal: the Environments tab on components
 * and the page of every running environment at `/environments`.
 *
 * @public
 */
export const environmentsPlugin = createFrontendPlugin({
  pluginId: 'environments',
  info: { packageJson: () => import('../package.json') },
  routes: { root: environmentsRouteRef },
  extensions: [environmentsApi, environmentsEntityContent, environmentsPage],
});
