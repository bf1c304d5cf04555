import { Command } from 'commander';
import type { TemplateCheckBody } from '@pave/plugin-policy-common';
import { CommandContext, action, examples } from '../lib/action';
import { groupRef } from '../lib/refs';
import { CliError, EXIT } from '../lib/exitCodes';
import { renderCost, renderPlans, renderVerdict } from '../lib/render';
import {
  WorkloadFlags,
  readWorkloadInput,
  workloadOptions,
} from '../lib/workloadInput';

/**
 * The body of `POST /api/policy/template-check` for a Score file: the same
 * request the wizard's live panel and `pave:policy:check` send; in the
 * service's own repository, a change to it (`existing`). An API
 * token is a service and must name the person judged (`--as`), as its
 * group the owner, exactly what the golden templates' CI did with curl.
 */
export function templateCheckBody(
  ctx: CommandContext,
  file: string,
  flags: WorkloadFlags,
): TemplateCheckBody {
  const input = readWorkloadInput(file, flags);
  if (!input.template) {
    throw new CliError(
      '--template: required (catalog-info.yaml has no pave.dev/template), e.g. --template node-http-service',
      EXIT.usage,
    );
  }
  const owner = groupRef(input.owner);
  const session = ctx.session();
  let principal: TemplateCheckBody['principal'];
  if (session.identity.type === 'token') {
    const as = flags.as ?? ctx.env.PAVE_AS;
    if (!as) {
      throw new CliError(
        '--as: an API token is a service; name the person to judge (e.g. --as user:default/jdoe, or PAVE_AS)',
        EXIT.usage,
        'Or sign in as yourself: `pave login --web`.',
      );
    }
    principal = {
      userEntityRef: as.includes(':') ? as : `user:default/${as}`,
      groups: [owner],
    };
  }
  return {
    ...(principal ? { principal } : {}),
    template: input.template,
    name: input.name,
    owner,
    ...(input.system ? { system: input.system } : {}),
    ...(input.costCenter ? { costCenter: input.costCenter } : {}),
    ...(input.dataClassification
      ? {
          dataClassification:
            input.dataClassification as TemplateCheckBody['dataClassification'],
        }
      : {}),
    workload: input.workload,
    environments: input.environments,
    ...(input.existing ? { existing: true } : {}),
  };
}

/** `--as`, for the commands that judge a person. */
export function asOption(command: Command) {
  return command.option(
    '--as <user>',
    'with an API token: the person judged (default: PAVE_AS)',
  );
}

/** `pave plan`. */
export function registerPlanCommand(program: Command) {
  examples(
    asOption(
      workloadOptions(
        program
          .command('plan')
          .description(
            'Plan a Score workload per environment, judge it against the guardrails and price it against the team budget — the wizard’s live panel in one call. Exits 1 on a deny.',
          ),
      ),
    ).action(
      action(async (ctx, file: string, flags: WorkloadFlags) => {
        const body = templateCheckBody(ctx, file, flags);
        const session = ctx.session();
        const progress = ctx.globals.json
          ? undefined
          : ctx.out.progress(
              `Planning ${body.name} for ${body.environments.join(', ')}`,
            );
        const result = await session.policy
          .templateCheck(body, await session.requestOptions())
          .finally(() => progress?.stop());
        const { out } = ctx;
        out.data(result);
        out.line(
          `${out.c.bold(body.name)} from ${result.template.ref}, owned by ${
            body.owner
          }${result.costCenter ? `, cost centre ${result.costCenter}` : ''}`,
        );
        out.line();
        renderPlans(out, result.plans);
        renderVerdict(out, result);
        out.line();
        renderCost(out, result.cost?.estimate, result.cost?.error);
        return result.decision === 'allow' ? EXIT.ok : EXIT.failed;
      }),
    ),
    [
      'pave plan                       # score.yaml and catalog-info.yaml of this repository',
      'pave plan score.yaml --env dev,prod --owner payments --template node-http-service',
      'pave plan --json | jq .cost.estimate.monthlyUsd',
    ],
  );
}
