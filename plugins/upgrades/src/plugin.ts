import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { templateEntityContent } from './extensions/templateEntityContent';
import { templateServicesEntityContent } from './extensions/templateServicesEntityContent';
import { upgradesApi } from './extensions/upgradesApi';

/**
 * Template upgrades in the portal: the Template tab on components (their
 * version, change requests and an upgrade for their owners) and the
 * Services tab on templates (which services are at which version, and a
 * bulk upgrade for the platform team).
 *
 * @public
 */
export const upgradesPlugin = createFrontendPlugin({
  pluginId: 'upgrades',
  info: { packageJson: () => import('../package.json') },
  extensions: [
    upgradesApi,
    templateEntityContent,
    templateServicesEntityContent,
  ],
});
