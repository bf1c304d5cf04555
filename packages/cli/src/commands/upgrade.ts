import { Command } from 'commander';
import type { BulkUpgrade } from '@pave/plugin-upgrades-common';
import { CommandContext, action, examples } from '../lib/action';
import { CliError, EXIT, ExitCode } from '../lib/exitCodes';
import { componentRef, templateRef } from '../lib/refs';
import {
  bulkProgress,
  renderBulkReport,
  renderChangeRequest,
  renderUpgradeStatus,
} from '../lib/renderUpgrade';

/** How often a bulk run's progress is asked for. */
const POLL_MS = 1000;

/** The flags of `pave upgrade`, as commander hands them over. */
export interface UpgradeFlags {
  to?: string;
  all?: boolean;
  template?: string;
  only?: string;
  status?: boolean;
}

/** What `pave upgrade` was asked to do, its refs already parsed. */
export type UpgradeMode =
  | { kind: 'one'; entityRef: string; toVersion?: string }
  | { kind: 'status'; entityRef: string }
  | {
      kind: 'bulk';
      template: string;
      toVersion?: string;
      entityRefs?: string[];
    };

const usage = (message: string, hint?: string) =>
  new CliError(message, EXIT.usage, hint);

/**
 * The mode from the argument and flags, or a usage error naming the flag
 * that does not fit, before any call: a typo must not start a bulk run.
 * Versions are left to the server, which names the rule it applies.
 */
export function upgradeMode(
  entity: string | undefined,
  flags: UpgradeFlags,
): UpgradeMode {
  if (flags.all) {
    if (entity) {
      throw usage(
        `entity: ${entity} and --all do not go together: upgrade one component, or --all of a template's`,
      );
    }
    if (flags.status) {
      throw usage(
        '--status: shows one component, not --all',
        flags.template
          ? `A template's services per version: pave templates services ${flags.template}`
          : undefined,
      );
    }
    if (!flags.template) {
      throw usage(
        '--template: required with --all, e.g. --all --template node-http-service',
      );
    }
    const only = flags.only
      ?.split(',')
      .map(name => name.trim())
      .filter(Boolean);
    if (flags.only !== undefined && !only?.length) {
      throw usage(
        '--only: name at least one component, e.g. --only orders,payments',
      );
    }
    return {
      kind: 'bulk',
      template: templateRef(flags.template),
      ...(flags.to ? { toVersion: flags.to } : {}),
      ...(only ? { entityRefs: only.map(componentRef) } : {}),
    };
  }
  for (const flag of ['template', 'only'] as const) {
    if (flags[flag] !== undefined) {
      throw usage(
        `--${flag}: only with --all; one component is upgraded from the template it records`,
      );
    }
  }
  if (!entity) {
    throw usage(
      'entity: required, e.g. pave upgrade orders (or --all --template TEMPLATE)',
    );
  }
  if (flags.status) {
    if (flags.to) {
      throw usage('--to: --status upgrades nothing; leave --to out');
    }
    return { kind: 'status', entityRef: componentRef(entity) };
  }
  return {
    kind: 'one',
    entityRef: componentRef(entity),
    ...(flags.to ? { toVersion: flags.to } : {}),
  };
}

/** Opens one change request, a spinner while the merge and check run. */
async function upgradeOne(
  ctx: CommandContext,
  mode: Extract<UpgradeMode, { kind: 'one' }>,
): Promise<ExitCode> {
  const session = ctx.session();
  // Asked first: a sign-in that must be renewed fails before the spinner.
  const options = await session.requestOptions();
  const progress = ctx.out.progress(
    `Upgrading ${mode.entityRef} to ${
      mode.toVersion ?? "its template's current version"
    }`,
  );
  const request = await session.upgrades
    .createChangeRequest(
      {
        entityRef: mode.entityRef,
        ...(mode.toVersion ? { toVersion: mode.toVersion } : {}),
      },
      options,
    )
    .catch(error => {
      progress.fail();
      throw error;
    });
  progress.succeed(
    `${request.entityRef}: ${request.fromVersion} → ${request.toVersion} on ${request.branch} (${request.status})`,
  );
  ctx.out.data(request);
  renderChangeRequest(ctx.out, request);
  // A deny is a guardrail's "no" as in `pave plan`; the branch stays for the team.
  return request.policy.decision === 'deny' ? EXIT.failed : EXIT.ok;
}

/**
 * Starts a bulk run and follows it to the end: the server works through
 * the services in the background, so a second between polls is plenty.
 */
async function upgradeAll(
  ctx: CommandContext,
  mode: Extract<UpgradeMode, { kind: 'bulk' }>,
): Promise<ExitCode> {
  const session = ctx.session();
  let run: BulkUpgrade = await session.upgrades.startBulkUpgrade(
    {
      template: mode.template,
      ...(mode.toVersion ? { toVersion: mode.toVersion } : {}),
      ...(mode.entityRefs ? { entityRefs: mode.entityRefs } : {}),
    },
    await session.requestOptions(),
  );
  ctx.out.note(
    ctx.out.stderrColors.dim(
      `Bulk upgrade ${run.id}: ${run.items.length} service${
        run.items.length === 1 ? '' : 's'
      } of ${run.template} to ${
        run.toVersion
      }; it runs on the server, Ctrl-C only stops watching`,
    ),
  );
  const progress = ctx.out.progress(bulkProgress(run));
  try {
    while (run.state !== 'done') {
      await new Promise(r => setTimeout(r, POLL_MS));
      run = await session.upgrades.getBulkUpgrade(
        run.id,
        await session.requestOptions(),
      );
      progress.update(bulkProgress(run));
    }
  } catch (error) {
    progress.fail();
    throw error;
  }
  if (run.counts.failed > 0) {
    progress.fail(bulkProgress(run));
  } else {
    progress.succeed(bulkProgress(run));
  }
  ctx.out.data(run);
  if (run.items.length === 0) {
    ctx.out.line(
      `Nothing to upgrade: every service of ${run.template} is at ${run.toVersion}`,
    );
    return EXIT.ok;
  }
  renderBulkReport(ctx.out, run);
  const denied = run.items.some(i => i.policy === 'deny');
  return run.counts.failed > 0 || denied ? EXIT.failed : EXIT.ok;
}

const UPGRADE_HELP = `
Modes:
  pave upgrade ENTITY     one component: prints the files changed, the conflicts
                          (and what Pave did with each), the policies' verdict on
                          the upgraded plans and the branch to check out
  --status ENTITY         its template, the version on main, the current one, and
                          its change requests; upgrades nothing
  --all --template NAME   every service of a template that is behind (or --only
                          these), one after another on the server; a report per
                          service at the end (the platform team)
  A template's services per version: pave templates services TEMPLATE

Exits 1 when an upgrade fails, a guardrail denies the upgraded plans or the
server refuses (409: a downgrade, the same version, a branch already there;
404: no such component); 2 on bad usage or a refused input (400).`;

/** `pave upgrade [ENTITY] [--to] | --all --template | --status`. */
export function registerUpgradeCommand(program: Command) {
  examples(
    program
      .command('upgrade')
      .argument('[entity]', 'the component: orders or component:default/orders')
      .option(
        '--to <version>',
        "the version to upgrade to (default: the template's current one)",
      )
      .option(
        '--status',
        'show the versions and change requests; upgrade nothing',
      )
      .option(
        '--all',
        'every service of --template that is behind (platform team)',
      )
      .option(
        '--template <name>',
        'with --all: the template, e.g. node-http-service',
      )
      .option(
        '--only <names>',
        'with --all: only these components, comma-separated',
      )
      .usage(
        '[entity] [--to <version>] | --status <entity> | --all --template <name> [--to <version>] [--only <names>]',
      )
      .description(
        "Merge a golden template's newest version into a service: a branch (a change request) in its repository for the team to review; main is never touched",
      )
      .addHelpText('after', UPGRADE_HELP)
      .action(
        action(async (ctx, entity: string | undefined, flags: UpgradeFlags) => {
          const mode = upgradeMode(entity, flags);
          if (mode.kind === 'one') {
            return upgradeOne(ctx, mode);
          }
          if (mode.kind === 'bulk') {
            return upgradeAll(ctx, mode);
          }
          const session = ctx.session();
          const status = await session.upgrades.getStatus(
            mode.entityRef,
            await session.requestOptions(),
          );
          ctx.out.data(status);
          renderUpgradeStatus(ctx.out, status);
          return EXIT.ok;
        }),
      ),
    [
      'pave upgrade orders',
      'pave upgrade component:default/orders --to 1.3.0',
      'pave upgrade --status orders',
      'pave upgrade --all --template node-http-service',
      'pave upgrade --all --template node-http-service --only orders,payments --json',
      'pave templates services node-http-service     # who is on which version',
    ],
  );
}
