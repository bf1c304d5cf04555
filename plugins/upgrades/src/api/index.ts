import { createApiRef } from '@backstage/frontend-plugin-api';
import { UpgradesApi } from '@pave/plugin-upgrades-common';

/**
 * The template upgrades client in the portal, with the user's token: the
 * backend decides who may open a change request or run a bulk upgrade.
 *
 * @public
 */
export const upgradesApiRef = createApiRef<UpgradesApi>({
  id: 'plugin.upgrades',
});
