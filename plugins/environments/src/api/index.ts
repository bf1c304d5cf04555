import { createApiRef } from '@backstage/frontend-plugin-api';
import { EnvironmentsApi } from '@pave/plugin-environments-common';

/**
 * The environment orchestrator's client in the portal, with the user's
 * token: the backend decides what they may do.
 *
 * @public
 */
export const environmentsApiRef = createApiRef<EnvironmentsApi>({
  id: 'plugin.environments',
});
