import {
  CostEstimateWithBudget,
  unverifiedItems,
} from '@pave/plugin-cost-common';
import type { EnvironmentPlan } from '@pave/plugin-infra-common';
import {
  PolicyEvaluateResponse,
  PolicyViolation,
  shortPolicySet,
} from '@pave/plugin-policy-common';
import { Output } from './output';

/** `$1,234.50`: what the portal shows, two decimals, US dollars. */
export function usd(value: number | undefined): string {
  if (value === undefined) {
    return '—';
  }
  return `${value < 0 ? '-' : ''}$${Math.abs(value).toLocaleString('en-US', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  })}`;
}

const GOOD = new Set(['running', 'succeeded', 'completed', 'allow']);
const BAD = new Set(['failed', 'deny']);

/** A status word in green when it is good news, red when bad. */
export function paintStatus(out: Output, status: string): string {
  if (GOOD.has(status)) {
    return out.c.green(status);
  }
  return BAD.has(status) ? out.c.red(status) : status;
}

/** The resources planned per environment. */
export function renderPlans(out: Output, plans: EnvironmentPlan[]) {
  for (const plan of plans) {
    out.line(
      out.c.bold(
        `${plan.environment} (${plan.environmentType}) — ${plan.cloud} ${plan.region}`,
      ),
    );
    out.table(plan.resources, [
      { header: 'ADDRESS', value: r => r.address },
      { header: 'ROLE', value: r => r.role },
      { header: 'SKU', value: r => r.sku ?? '' },
      { header: 'SIZE', value: r => r.sizeClass },
      {
        header: 'HA',
        value: r => (r.highAvailability ? 'yes' : 'no'),
      },
      {
        header: 'BACKUP',
        value: r =>
          r.backupRetentionDays === undefined
            ? ''
            : `${r.backupRetentionDays}d`,
      },
    ]);
    out.line();
  }
}

/** Where to change what a rule's `@field` names, from the CLI. */
const FIELD_FIX: Record<string, string> = {
  name: 'metadata.name in the Score file, or --name',
  owner: '--owner, or spec.owner in catalog-info.yaml',
  system: '--system, or spec.system in catalog-info.yaml',
};

/** Each rule once, with every resource it fired on. */
function byRule(items: PolicyViolation[]) {
  const groups = new Map<string, { rule: PolicyViolation; on: string[] }>();
  for (const item of items) {
    const key = `${item.policyId}\u0000${item.message}`;
    const group = groups.get(key) ?? { rule: item, on: [] };
    group.on.push(item.resource);
    groups.set(key, group);
  }
  return [...groups.values()];
}

function ruleLines(out: Output, items: PolicyViolation[], mark: string) {
  for (const { rule, on } of byRule(items)) {
    out.line(
      `  ${mark} ${out.c.bold(rule.policyId)} (${
        rule.enforcement
      }) on ${on.join(', ')}`,
    );
    out.line(`      ${rule.message}`);
    if (rule.remediation) {
      out.line(`      fix: ${rule.remediation}`);
    }
    // Where the rule is about a flag of this command, which one.
    if (rule.field && FIELD_FIX[rule.field]) {
      out.line(out.c.dim(`      change: ${FIELD_FIX[rule.field]}`));
    }
  }
}

/**
 * The verdict as the wizard's live panel gives it: allowed or denied, each
 * broken rule with its message and the field to change, then warnings.
 */
export function renderVerdict(out: Output, verdict: PolicyEvaluateResponse) {
  const allowed = verdict.decision === 'allow';
  out.line(
    allowed
      ? `${out.c.green('✔ Allowed')} by ${
          verdict.evaluatedPolicies
        } policies (policy set ${shortPolicySet(verdict.policySet)})`
      : `${out.c.red('✖ Denied')}: ${verdict.violations.length} broken rule${
          verdict.violations.length === 1 ? '' : 's'
        } (policy set ${shortPolicySet(verdict.policySet)})`,
  );
  ruleLines(out, verdict.violations, out.c.red('✖'));
  for (const e of verdict.errors) {
    out.line(
      `  ${out.c.red('!')} could not evaluate ${e.policyId ?? 'a policy'} on ${
        e.resource
      }: ${e.message}`,
    );
  }
  ruleLines(out, verdict.warnings, out.c.yellow('⚠'));
}

/** The monthly estimate per environment and how it sits against the budget. */
export function renderCost(
  out: Output,
  estimate: CostEstimateWithBudget | undefined,
  error?: string,
) {
  if (!estimate) {
    out.line(`${out.c.yellow('Cost:')} no estimate (${error ?? 'unknown'})`);
    return;
  }
  out.line(
    `${out.c.bold('Cost')} ${usd(estimate.monthlyUsd)}/month${
      estimate.complete ? '' : ' (at least: some records are unpriced)'
    }, list prices as of ${estimate.pricingAsOf}`,
  );
  if (estimate.includesUnverifiedPrices) {
    const { unverified, items } = unverifiedItems(estimate);
    out.line(
      out.c.yellow(
        `⚠ Includes unverified prices: ${unverified} of ${items} priced items use a price nobody has checked against the vendor's price list (see --json for why)`,
      ),
    );
  }
  out.table(estimate.environments, [
    { header: 'ENVIRONMENT', value: e => e.environment },
    { header: 'TYPE', value: e => e.environmentType },
    { header: 'CLOUD', value: e => `${e.cloud} ${e.region}` },
    { header: 'MONTHLY', value: e => usd(e.monthlyUsd), align: 'right' },
    {
      header: 'UNPRICED',
      value: e => (e.unpriced.length ? String(e.unpriced.length) : ''),
      align: 'right',
    },
  ]);
  const budget = estimate.budget;
  if (budget) {
    const total = budget.status.total;
    out.line(
      budget.withinBudget
        ? `${out.c.green('✔ Within budget')}: ${usd(
            budget.remainingAfterUsd,
          )} of ${usd(total.budgetUsd)} left after this`
        : `${out.c.red('✖ Over budget')} (${budget.exceeds.join(', ')}): ${usd(
            budget.remainingAfterUsd,
          )} left of ${usd(total.budgetUsd)} after this`,
    );
  } else if (estimate.budgetError) {
    out.line(out.c.yellow(`Budget not checked: ${estimate.budgetError}`));
  }
}
