import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { complianceEntityContent } from './extensions/complianceEntityContent';
import { policyApi } from './extensions/policyApi';
import { verdictFormField } from './extensions/verdictFormField';

/**
 * Pave's policies in the portal: the live verdict in the Create wizard
 * (`ui:field: PavePolicyVerdict`) and the Compliance tab on components.
 *
 * @public
 */
export const policyPlugin = createFrontendPlugin({
  pluginId: 'policy',
  info: { packageJson: () => import('../package.json') },
  extensions: [policyApi, verdictFormField, complianceEntityContent],
});
