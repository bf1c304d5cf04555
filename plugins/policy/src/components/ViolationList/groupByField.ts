import { PolicyViolation } from '@pave/plugin-policy-common';

/** The wizard fields a policy's `@field` may name, in the wizard's order. */
const FIELD_LABELS: Record<string, string> = {
  name: 'Name',
  owner: 'Owner',
  system: 'System',
  resources: 'Resources',
  environments: 'Environments',
};

/** Findings about no field the wizard has (or none at all). */
export const GENERAL = 'General';

/**
 * Violations grouped under the wizard field they concern, in the wizard's
 * order with "General" last; empty groups are left out.
 */
export function groupByField(
  violations: PolicyViolation[],
): Array<{ label: string; violations: PolicyViolation[] }> {
  const labels = [...Object.values(FIELD_LABELS), GENERAL];
  const groups = new Map<string, PolicyViolation[]>(labels.map(l => [l, []]));
  for (const violation of violations) {
    const label = (violation.field && FIELD_LABELS[violation.field]) || GENERAL;
    groups.get(label)!.push(violation);
  }
  return labels
    .map(label => ({ label, violations: groups.get(label)! }))
    .filter(group => group.violations.length > 0);
}
