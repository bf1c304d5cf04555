import { EnvironmentPlan, PlanRecord } from '@pave/plugin-infra-common';

/** JSON with object keys sorted, so equal values print equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}

function recordDifference(
  environment: string,
  judged: PlanRecord,
  rendered: PlanRecord | undefined,
): string | undefined {
  if (!rendered) {
    return `${environment}/${judged.address} was judged but is not rendered`;
  }
  const fields = new Set([...Object.keys(judged), ...Object.keys(rendered)]);
  for (const field of [...fields].sort()) {
    const a = canonical((judged as unknown as Record<string, unknown>)[field]);
    const b = canonical(
      (rendered as unknown as Record<string, unknown>)[field],
    );
    if (a !== b) {
      return `${environment}/${judged.address}: ${field} was judged as ${a}, is rendered as ${b}`;
    }
  }
  return undefined;
}

/**
 * The first way `rendered` differs from the plans a policy check judged,
 * in words, or undefined when they are the same: the same environments,
 * and in each the same records with the same facts (order aside).
 */
export function planDifference(
  judged: EnvironmentPlan[],
  rendered: EnvironmentPlan[],
): string | undefined {
  const names = (plans: EnvironmentPlan[]) =>
    plans.map(p => p.environment).join(', ');
  if (names(judged) !== names(rendered)) {
    return `environments ${names(judged)} were judged, ${names(
      rendered,
    )} are rendered`;
  }
  for (const [i, plan] of judged.entries()) {
    const byAddress = new Map(
      rendered[i].resources.map(record => [record.address, record]),
    );
    for (const record of plan.resources) {
      const difference = recordDifference(
        plan.environment,
        record,
        byAddress.get(record.address),
      );
      if (difference) {
        return difference;
      }
      byAddress.delete(record.address);
    }
    const [extra] = byAddress.keys();
    if (extra) {
      return `${plan.environment}/${extra} is rendered but was not judged`;
    }
  }
  return undefined;
}
