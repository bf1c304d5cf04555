import { Command } from 'commander';
import { readFile, readdir } from 'node:fs/promises';
import { join, sep } from 'node:path';
import {
  WhatIfReport,
  isPolicySetFile,
  shortPolicySet,
} from '@pave/plugin-policy-common';
import { action, examples } from '../lib/action';
import { CliError, EXIT } from '../lib/exitCodes';
import { renderVerdict } from '../lib/render';
import { WorkloadFlags, workloadOptions } from '../lib/workloadInput';
import { asOption, templateCheckBody } from './plan';

/** `pave policy check`, `list`, `what-if` and `exception`. */
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

  examples(
    policy
      .command('what-if')
      .argument(
        '<directory>',
        'a draft policy directory (.cedar files, schema, groups.json)',
      )
      .description(
        'Judge the whole estate with a draft policy set and the set in force: what each rule would newly deny or allow (platform team)',
      )
      .action(
        action(async (ctx, directory: string) => {
          const session = ctx.session();
          const files = await readDraft(directory);
          const progress = ctx.out.progress(
            `Judging the estate with ${files.length} draft files`,
          );
          let report: WhatIfReport | { loaded: false; errors: string[] };
          try {
            report = await session.policy.whatIf(
              { files },
              await session.requestOptions(),
            );
          } catch (error) {
            progress.fail();
            throw error;
          }
          if ('errors' in report) {
            progress.fail(
              'The draft does not load; the set in force is untouched',
            );
            ctx.out.data(report);
            report.errors.forEach(e => ctx.out.line(`  ${e}`));
            return EXIT.failed;
          }
          progress.succeed(
            `Judged ${report.judged.components} components, ${
              report.judged.environments
            } environments and ${report.judged.templates} templates in ${(
              report.durationMs / 1000
            ).toFixed(1)} s`,
          );
          ctx.out.data(report);
          ctx.out.line(
            `Draft ${shortPolicySet(
              report.draftPolicySet,
            )} against ${shortPolicySet(report.currentPolicySet)}: ${
              report.entitiesNewlyDenied
            } entities newly denied, ${
              report.entitiesNewlyAllowed
            } newly allowed`,
          );
          if (report.rules.length === 0) {
            ctx.out.line('No verdict changes.');
            return EXIT.ok;
          }
          ctx.out.table(report.rules, [
            { header: 'RULE', value: r => r.policyId },
            { header: 'STATUS', value: r => r.status },
            { header: 'ENFORCEMENT', value: r => r.enforcement ?? '' },
            { header: 'NEWLY DENIED', value: r => String(r.newlyDenied) },
            { header: 'NEWLY ALLOWED', value: r => String(r.newlyAllowed) },
            {
              header: 'WARNINGS +/-',
              value: r => `+${r.newlyWarned}/-${r.noLongerWarned}`,
            },
          ]);
          for (const rule of report.rules.filter(r => r.newlyDenied > 0)) {
            ctx.out.line();
            ctx.out.line(`${rule.policyId} would newly deny:`);
            for (const f of rule.findings
              .filter(x => x.change === 'deny')
              .slice(0, 20)) {
              ctx.out.line(
                `  ${f.entityRef}${
                  f.environment ? ` @ ${f.environment}` : ''
                }: ${f.resource}`,
              );
            }
          }
          return EXIT.ok;
        }),
      ),
    [
      'pave policy what-if ./policies',
      'pave policy what-if ./policies --json | jq ".rules[] | {policyId, newlyDenied}"',
    ],
  );

  const exception = examples(
    policy
      .command('exception')
      .description('Exceptions to soft-mandatory rules: record, list, revoke'),
    [
      'pave policy exception list component:default/orders',
      'pave policy exception grant component:default/orders required-tags --reason "Tags arrive with the Q1 migration" --until 2027-01-31',
    ],
  );

  examples(
    exception
      .command('list')
      .argument('<entity>', 'the entity, e.g. component:default/orders')
      .description("An entity's exceptions, newest first, with their state")
      .action(
        action(async (ctx, entity: string) => {
          const session = ctx.session();
          const { exceptions } = await session.policy.listExceptions(
            entity,
            await session.requestOptions(),
          );
          ctx.out.data({ exceptions });
          ctx.out.table(exceptions, [
            { header: 'ID', value: e => e.id },
            { header: 'RULE', value: e => e.policyId },
            { header: 'WHERE', value: e => e.environment ?? 'everywhere' },
            { header: 'STATE', value: e => e.state },
            { header: 'BY', value: e => e.grantedBy },
            { header: 'UNTIL', value: e => e.expiresAt },
            { header: 'REASON', value: e => e.reason },
          ]);
        }),
      ),
    ['pave policy exception list component:default/orders --json'],
  );

  examples(
    exception
      .command('grant')
      .argument('<entity>', 'the entity, e.g. component:default/orders')
      .argument('<rule>', "the soft-mandatory rule's id")
      .requiredOption('--reason <text>', 'why, and the plan to fix it')
      .requiredOption(
        '--until <date>',
        'when it ends: YYYY-MM-DD (end of day, UTC) or an ISO 8601 time',
      )
      .option('--env <environment>', 'only in this environment')
      .description(
        'Record an exception (the exception policies decide who may)',
      )
      .action(
        action(
          async (
            ctx,
            entity: string,
            rule: string,
            flags: { reason: string; until: string; env?: string },
          ) => {
            const session = ctx.session();
            const expiresAt = /^\d{4}-\d{2}-\d{2}$/.test(flags.until)
              ? `${flags.until}T23:59:59Z`
              : flags.until;
            const { exception: granted } = await session.policy.grantException(
              {
                entityRef: entity,
                policyId: rule,
                reason: flags.reason,
                expiresAt,
                ...(flags.env ? { environment: flags.env } : {}),
              },
              await session.requestOptions(),
            );
            ctx.out.data({ exception: granted });
            ctx.out.line(
              `Recorded exception ${granted.id}: ${granted.policyId} on ${granted.entityRef} until ${granted.expiresAt}`,
            );
          },
        ),
      ),
    [
      'pave policy exception grant component:default/orders required-tags --env prod --reason "Tags arrive with the Q1 migration" --until 2027-01-15',
    ],
  );

  examples(
    exception
      .command('revoke')
      .argument('<id>', "the exception's id (pave policy exception list)")
      .description('End an exception now')
      .action(
        action(async (ctx, id: string) => {
          const session = ctx.session();
          const { exception: revoked } = await session.policy.revokeException(
            id,
            await session.requestOptions(),
          );
          ctx.out.data({ exception: revoked });
          ctx.out.line(
            `Revoked ${revoked.id} (${revoked.policyId} on ${revoked.entityRef})`,
          );
        }),
      ),
    ['pave policy exception revoke 0b6f4f3e-2c1a-4d3b-9a51-3e2f7d9c1a20'],
  );
}

/** Every file of a policy directory a reload would read, for upload. */
async function readDraft(directory: string) {
  let names: string[];
  try {
    names = await readdir(directory, { recursive: true });
  } catch (error) {
    throw new CliError(
      `${directory}: ${(error as Error).message}`,
      EXIT.usage,
      'Name a directory of .cedar files, such as ./policies.',
    );
  }
  const wanted = names
    .map(n => n.split(sep).join('/'))
    .filter(isPolicySetFile)
    .sort();
  if (wanted.length === 0) {
    throw new CliError(`${directory}: no .cedar files`, EXIT.usage);
  }
  return Promise.all(
    wanted.map(async path => ({
      path,
      content: await readFile(join(directory, path), 'utf8'),
    })),
  );
}
