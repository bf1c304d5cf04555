import { Command } from 'commander';
import { action, examples } from '../lib/action';
import { EXIT } from '../lib/exitCodes';
import { renderVerdict } from '../lib/render';
import { WorkloadFlags, workloadOptions } from '../lib/workloadInput';
import { asOption, templateCheckBody } from './plan';

/** `pave policy check`, `pave policy list`. */
export function registerPolicyCommands(program: Command) {
  const policy = examples(
    program
      .command('policy')
      .description('The guardrails: judge a workload, list the rules'),
    ['pave policy check score.yaml --env prod', 'pave policy list'],
  );

  examples(
    asOption(
      workloadOptions(
        policy
          .command('check')
          .description(
            'Judge a Score workload against the guardrails; exits 1 on a deny (for CI)',
          ),
      ),
    ).action(
      action(async (ctx, file: string, flags: WorkloadFlags) => {
        const session = ctx.session();
        const body = templateCheckBody(ctx, file, flags);
        const result = await session.policy.templateCheck(
          body,
          await session.requestOptions(),
        );
        ctx.out.data({
          decision: result.decision,
          violations: result.violations,
          warnings: result.warnings,
          errors: result.errors,
          evaluatedPolicies: result.evaluatedPolicies,
          policySet: result.policySet,
        });
        renderVerdict(ctx.out, result);
        return result.decision === 'allow' ? EXIT.ok : EXIT.failed;
      }),
    ),
    [
      'pave policy check score.yaml --env prod',
      'pave policy check --json | jq -r ".violations[].policyId"',
    ],
  );

  examples(
    policy
      .command('list')
      .description('Every loaded rule with its message and source')
      .action(
        action(async ctx => {
          const session = ctx.session();
          const { policies } = await session.policy.listPolicies(
            await session.requestOptions(),
          );
          ctx.out.data({ policies });
          ctx.out.table(
            policies.filter(p => p.effect === 'forbid'),
            [
              { header: 'RULE', value: p => p.id },
              { header: 'SEVERITY', value: p => p.severity },
              { header: 'FIELD', value: p => p.field ?? '' },
              { header: 'SOURCE', value: p => `${p.file}:${p.line}` },
              { header: 'MESSAGE', value: p => p.message },
            ],
          );
        }),
      ),
    ['pave policy list', 'pave policy list --json | jq ".policies | length"'],
  );
}
