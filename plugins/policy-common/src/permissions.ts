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

/**
 * Recording and revoking exceptions to soft-mandatory rules. Open to every
 * signed-in person at the framework; the `exception.grant` policies decide
 * who may record which one (`policies/exceptions.cedar`).
 *
 * @public
 */
export const policyExceptionManagePermission = createPermission({
  name: 'pave.policy.exception.manage',
  attributes: { action: 'update' },
});

/** @public */
export const policyPermissions = [
  policyEvaluatePermission,
  policyReloadPermission,
  policyExceptionManagePermission,
];
