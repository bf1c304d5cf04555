import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Asking the policy engine for a verdict. Read-only, but it goes through the
 * permission framework like every route.
 *
 * @public
 */
export const policyEvaluatePermission = createPermission({
  name: 'pave.policy.evaluate',
  attributes: { action: 'read' },
});

/**
 * Reloading the policy set from disk: changes what every gate enforces, so
 * the permission policy reserves it for the platform team.
 *
 * @public
 */
export const policyReloadPermission = createPermission({
  name: 'pave.policy.reload',
  attributes: { action: 'update' },
});

/** @public */
export const policyPermissions = [
  policyEvaluatePermission,
  policyReloadPermission,
];
