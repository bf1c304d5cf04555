import { InputError } from '@backstage/errors';
import {
  PolicyViolation,
  TemplateCheckResponse,
} from '@pave/plugin-policy-common';

/** The slice of an action context a verdict is reported to. */
interface VerdictContext {
  output(name: string, value: unknown): void;
  logger: {
    info(message: string): void;
    warn(message: string): void;
    error(message: string): void;
  };
}

function describeViolation(v: PolicyViolation) {
  return `${v.policyId}: ${v.message} (${v.resource})`;
}

/**
 * What `pave:policy:check` says of a verdict: its outputs (the decision,
 * the judged plans for the next steps), a log line per planned environment
 * and per warning, and, for a denial, every broken rule in the log and in
 * the `InputError` that fails the step.
 */
export function reportVerdict(
  ctx: VerdictContext,
  name: string,
  result: TemplateCheckResponse,
) {
  ctx.output('decision', result.decision);
  ctx.output('violations', result.violations.length);
  ctx.output('warnings', result.warnings.length);
  ctx.output('templateRef', result.template.ref);
  ctx.output('plans', result.plans);
  if (result.costCenter) {
    ctx.output('costCenter', result.costCenter);
  }
  for (const plan of result.plans) {
    ctx.logger.info(
      `${plan.environment} (${plan.environmentType}, ${plan.cloud} ${plan.region}): ${plan.resources.length} cloud resources planned`,
    );
  }
  for (const warning of result.warnings) {
    ctx.logger.warn(describeViolation(warning));
  }
  if (result.decision === 'deny') {
    const reasons = [
      ...result.violations.map(describeViolation),
      ...result.errors.map(
        e => `${e.policyId ?? 'policy error'}: ${e.message} (${e.resource})`,
      ),
    ];
    for (const reason of reasons) {
      ctx.logger.error(reason);
    }
    throw new InputError(
      `Policy check denied ${name}:\n${reasons.map(r => `- ${r}`).join('\n')}`,
    );
  }
  ctx.logger.info(
    `Policy check allowed ${name} (${result.template.ref}): ${
      1 + result.plans.reduce((n, p) => n + p.resources.length, 0)
    } resources against ${result.evaluatedPolicies} policies`,
  );
}
