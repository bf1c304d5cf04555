import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { auditApi } from './extensions/auditApi';
import { auditEntityContent } from './extensions/auditEntityContent';
import { auditPage, auditRouteRef } from './extensions/auditPage';

/**
 * Pave's audit trail in the portal: the Audit tab on entities and the
 * platform-wide page at `/audit`.
 *
 * @public
 */
export const auditPlugin = createFrontendPlugin({
  pluginId: 'audit',
  info: { packageJson: () => import('../package.json') },
  routes: { root: auditRouteRef },
  extensions: [auditApi, auditEntityContent, auditPage],
});
