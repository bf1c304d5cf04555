import { createApiRef } from '@backstage/frontend-plugin-api';
import { CostApi } from '@pave/plugin-cost-common';

/**
 * The cost plugin's {@link @pave/plugin-cost-common#CostApi} in the portal,
 * provided by `@pave/plugin-cost` (the `CostClient` of
 * `@pave/plugin-cost-common` with the user's token).
 *
 * @public
 */
export const costApiRef = createApiRef<CostApi>().with({
  id: 'plugin.pave.cost',
  pluginId: 'cost',
});
