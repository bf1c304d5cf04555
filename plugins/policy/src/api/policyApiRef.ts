import { createApiRef } from '@backstage/frontend-plugin-api';
import { PolicyApi } from '@pave/plugin-policy-common';

/**
 * The policy plugin's {@link @pave/plugin-policy-common#PolicyApi} in the
 * portal: the `PolicyClient` of `@pave/plugin-policy-common` with the
 * user's token, so the backend judges them as that user.
 *
 * @public
 */
export const policyApiRef = createApiRef<PolicyApi>().with({
  id: 'plugin.pave.policy',
  pluginId: 'policy',
});
