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

/** @public */
export const policyPermissions = [policyEvaluatePermission];
