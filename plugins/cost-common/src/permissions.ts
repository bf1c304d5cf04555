import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Pricing a plan. Read-only (nothing is created and nothing is stored), but
 * it goes through the permission framework like every route.
 *
 * @public
 */
export const costEstimatePermission = createPermission({
  name: 'pave.cost.estimate',
  attributes: { action: 'read' },
});

/** @public */
export const costPermissions = [costEstimatePermission];
