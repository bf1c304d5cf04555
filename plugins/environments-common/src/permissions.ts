import { createPermission } from '@backstage/plugin-permission-common';

/**
 * The resource type of {@link environmentManagePermission}: the component
 * deployed. Its resource ref is the component's entity ref.
 *
 * @public
 */
export const ENVIRONMENT_COMPONENT_RESOURCE_TYPE = 'environment-component';

/**
 * Seeing where components run: every signed-in user.
 *
 * @public
 */
export const environmentReadPermission = createPermission({
  name: 'pave.environment.read',
  attributes: { action: 'read' },
});

/**
 * Deploying, destroying or extending a component's environments.
 * Conditional in Pave's policy: the component's owners may (rule
 * `IS_COMPONENT_OWNER`), the platform team always may.
 *
 * @public
 */
export const environmentManagePermission = createPermission({
  name: 'pave.environment.manage',
  attributes: { action: 'update' },
  resourceType: ENVIRONMENT_COMPONENT_RESOURCE_TYPE,
});

/** @public */
export const environmentPermissions = [
  environmentReadPermission,
  environmentManagePermission,
];
