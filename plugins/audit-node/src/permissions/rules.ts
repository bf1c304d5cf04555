import { createPermissionRule } from '@backstage/plugin-permission-node';
import { normalizeEntityRef } from '@pave/plugin-audit-common';
import { z } from 'zod';
import { auditEntityResourceRef } from './auditEntityResource';

/**
 * True when one of the caller's claims (their user ref and groups, the
 * `ownershipEntityRefs` of their identity) owns the entity whose trail is
 * read. Refs compare normalized, as the catalog compares them.
 *
 * @public
 */
export const isAuditEntityOwner = createPermissionRule({
  name: 'IS_ENTITY_OWNER',
  description:
    'Allow reading the audit trail of entities owned by one of the given claims',
  resourceRef: auditEntityResourceRef,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe('Entity refs of the caller: their user and groups'),
  }),
  apply(resource, { claims }) {
    const owned = new Set(resource.ownerRefs);
    return claims.some(claim => {
      const ref = normalizeEntityRef(claim);
      return ref !== undefined && owned.has(ref);
    });
  },
  toQuery({ claims }) {
    return { ownerRefs: claims };
  },
});

/** @public */
export const auditEntityPermissionRules = { isAuditEntityOwner };
