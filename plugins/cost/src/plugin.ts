import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { costApi } from './extensions/costApi';
import { costEntityContent } from './extensions/costEntityContent';
import { teamCostCard } from './extensions/teamCostCard';

/**
 * Pave's cost in the portal: the Cost tab on components and the team cost
 * card on Group pages.
 *
 * @public
 */
export const costPlugin = createFrontendPlugin({
  pluginId: 'cost',
  info: { packageJson: () => import('../package.json') },
  extensions: [costApi, costEntityContent, teamCostCard],
});
