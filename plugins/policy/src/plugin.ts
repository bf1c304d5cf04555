import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { complianceEntityContent } from './extensions/complianceEntityContent';
import { policyApi } from './extensions/policyApi';
import { verdictFormField } from './extensions/verdictFormField';
import { whatIfPage } from './extensions/whatIfPage';

/**
 * Pave's policies in the portal: the live verdict in the Create wizard
 * (`ui:field: PavePolicyVerdict`), the Compliance tab on components and
 * the platform team's what-if page (`/policy/what-if`).
 *
 * @public
 */
export const policyPlugin = createFrontendPlugin({
  pluginId: 'policy',
  info: { packageJson: () => import('../package.json') },
  extensions: [
    policyApi,
    verdictFormField,
    complianceEntityContent,
    whatIfPage,
  ],
});
