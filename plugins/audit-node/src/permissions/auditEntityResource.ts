import { createPermissionResourceRef } from '@backstage/plugin-permission-node';
import { AUDIT_ENTITY_RESOURCE_TYPE } from '@pave/plugin-audit-common';

/**
 * The resource `pave.audit.read` is decided on: the catalog entity whose
 * trail is read, reduced to what the rules look at.
 *
 * @public
 */
export interface AuditEntityResource {
  /** Normalized `kind:namespace/name`. */
  entityRef: string;
  /** The entity's owners (its `ownedBy` relations), normalized entity refs. */
  ownerRefs: string[];
}

/**
 * Query form of the audit rules. The audit plugin authorizes one entity at
 * a time, so it never filters a listing with it; it exists because the
 * framework asks every rule for one.
 *
 * @public
 */
export interface AuditEntityQuery {
  ownerRefs: string[];
}

/** @public */
export const auditEntityResourceRef = createPermissionResourceRef<
  AuditEntityResource,
  AuditEntityQuery
>().with({
  pluginId: 'audit',
  resourceType: AUDIT_ENTITY_RESOURCE_TYPE,
});
