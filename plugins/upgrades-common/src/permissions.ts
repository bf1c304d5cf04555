import { createPermission } from '@backstage/plugin-permission-common';

/**
 * The resource type of {@link upgradeCreatePermission}: the component
 * upgraded. Its resource ref is the component's entity ref.
 *
 * @public
 */
export const UPGRADE_COMPONENT_RESOURCE_TYPE = 'upgrade-component';

/**
 * Seeing templates' versions, the services behind and change requests:
 * every signed-in user.
 *
 * @public
 */
export const upgradeReadPermission = createPermission({
  name: 'pave.upgrade.read',
  attributes: { action: 'read' },
});

/**
 * Opening a template upgrade's change request for one service.
 * Conditional in Pave's policy: the component's owners may (rule
 * `IS_COMPONENT_OWNER`), the platform team always may.
 *
 * @public
 */
export const upgradeCreatePermission = createPermission({
  name: 'pave.upgrade.create',
  attributes: { action: 'create' },
  resourceType: UPGRADE_COMPONENT_RESOURCE_TYPE,
});

/**
 * Upgrading every service of a template at once: the platform team.
 *
 * @public
 */
export const upgradeBulkPermission = createPermission({
  name: 'pave.upgrade.bulk',
  attributes: { action: 'create' },
});

/** @public */
export const upgradePermissions = [
  upgradeReadPermission,
  upgradeCreatePermission,
  upgradeBulkPermission,
];
