import { createConditionExports } from '@backstage/plugin-permission-node';
import { auditReadPermission } from '@pave/plugin-audit-common';
import { isAuditEntityOwner } from './rules';

const exported = createConditionExports({
  pluginId: 'audit',
  resourceType: auditReadPermission.resourceType,
  rules: { isEntityOwner: isAuditEntityOwner },
});

/**
 * Conditions for a permission policy deciding `pave.audit.read`, e.g.
 * `auditEntityConditions.isEntityOwner({ claims })`.
 *
 * @public
 */
export const auditEntityConditions = exported.conditions;

/**
 * Wraps conditions into the conditional decision for `pave.audit.read`.
 *
 * @public
 */
export const createAuditEntityConditionalDecision =
  exported.createConditionalDecision;
