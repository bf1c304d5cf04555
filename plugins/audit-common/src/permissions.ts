import { createPermission } from '@backstage/plugin-permission-common';

/**
 * The resource type of {@link auditReadPermission}: a catalog entity, whose
 * audit trail is read. Its resource ref is the entity ref.
 *
 * @public
 */
export const AUDIT_ENTITY_RESOURCE_TYPE = 'audit-entity';

/**
 * Reading the audit trail of one catalog entity. Conditional in Pave's
 * policy: the entity's owners may (rule `IS_ENTITY_OWNER`), the platform
 * team always may.
 *
 * @public
 */
export const auditReadPermission = createPermission({
  name: 'pave.audit.read',
  attributes: { action: 'read' },
  resourceType: AUDIT_ENTITY_RESOURCE_TYPE,
});

/**
 * Reading the whole trail — every entity, no entity filter, and entities the
 * catalog no longer knows. Reserved for the platform team.
 *
 * @public
 */
export const auditReadAllPermission = createPermission({
  name: 'pave.audit.read.all',
  attributes: { action: 'read' },
});

/** @public */
export const auditPermissions = [auditReadPermission, auditReadAllPermission];
