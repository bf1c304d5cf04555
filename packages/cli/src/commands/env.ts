import { Command } from 'commander';
import type { Deployment } from '@pave/plugin-environments-common';
import { CommandContext, action, examples } from '../lib/action';
import { EXIT } from '../lib/exitCodes';
import { wholeNumber } from '../lib/flags';
import { paintStatus, usd } from '../lib/render';
import { componentRef } from '../lib/refs';

const POLL_MS = 1000;

/** Polls a deployment until it settles, a progress line per step. */
async function waitFor(
  ctx: CommandContext,
  deployment: Deployment,
  settled: Deployment['status'][],
): Promise<Deployment> {
  const session = ctx.session();
  const progress = ctx.out.progress(
    `${deployment.entityRef} → ${deployment.environment}: ${deployment.status}`,
  );
  let current = deployment;
  try {
    while (!settled.includes(current.status)) {
      await new Promise(r => setTimeout(r, POLL_MS));
      current = await session.environments.getDeployment(
        deployment.id,
        await session.requestOptions(),
      );
      progress.update(
        `${current.entityRef} → ${current.environment}: ${current.status}${
          current.step ? ` (${current.step})` : ''
        }`,
      );
    }
  } catch (error) {
    progress.fail();
    throw error;
  }
  if (current.status === 'failed') {
    progress.fail(
      `${current.entityRef} → ${current.environment}: failed${
        current.error ? `: ${current.error}` : ''
      }`,
    );
  } else {
    progress.succeed(
      `${current.entityRef} → ${current.environment}: ${current.status}${
        current.url ? ` at ${current.url}` : ''
      }`,
    );
  }
  return current;
}

function printDeployments(ctx: CommandContext, items: Deployment[]) {
  const { out } = ctx;
  out.table(items, [
    { header: 'ID', value: d => d.id },
    { header: 'ENTITY', value: d => d.entityRef },
    { header: 'ENVIRONMENT', value: d => d.environment },
    {
      header: 'STATUS',
      value: d => paintStatus(out, d.status),
    },
    { header: 'COMMIT', value: d => d.commit.slice(0, 8) },
    { header: 'URL', value: d => d.url ?? '' },
    { header: 'EXPIRES', value: d => d.expiresAt?.slice(0, 16) ?? '' },
    {
      header: 'EST./MONTH',
      value: d =>
        d.estimatedMonthlyUsd === undefined ? '' : usd(d.estimatedMonthlyUsd),
      align: 'right',
    },
  ]);
}

/** `pave env ls|deploy|destroy|logs|extend`. */
export function registerEnvCommands(program: Command) {
  const env = examples(
    program
      .command('env')
      .description(
        'Where services run: list, deploy, destroy, logs, extend previews',
      ),
    [
      'pave env ls orders',
      'pave env deploy orders --env local',
      'pave env logs 3f2c… --follow',
    ],
  );

  examples(
    env
      .command('ls')
      .argument('[entity]', 'only this component')
      .description('Deployments, with status, URL, expiry and estimate')
      .action(
        action(async (ctx, entity: string | undefined) => {
          const session = ctx.session();
          const { items } = await session.environments.listDeployments(
            entity ? { entityRef: componentRef(entity) } : {},
            await session.requestOptions(),
          );
          ctx.out.data({ items });
          printDeployments(ctx, items);
        }),
      ),
    ['pave env ls', 'pave env ls orders --json'],
  );

  examples(
    env
      .command('deploy')
      .argument('<entity>', 'the component')
      .requiredOption('-e, --env <name>', 'the environment (see `pave env ls`)')
      .option(
        '--branch <name>',
        'deploy this branch (a preview when it is not main)',
      )
      .option('--commit <sha>', 'deploy this commit')
      .option('--ttl <hours>', 'a preview lives this many hours')
      .option('--no-wait', 'return once accepted')
      .description(
        'Deploy a component; waits until it runs (exits 1 if it fails)',
      )
      .action(
        action(
          async (
            ctx,
            entity: string,
            options: {
              env: string;
              branch?: string;
              commit?: string;
              ttl?: string;
              wait: boolean;
            },
          ) => {
            const session = ctx.session();
            const accepted = await session.environments.deploy(
              {
                entityRef: componentRef(entity),
                environment: options.env,
                ...(options.branch ? { branch: options.branch } : {}),
                ...(options.commit ? { commit: options.commit } : {}),
                ...(options.ttl
                  ? { ttlHours: wholeNumber(options.ttl, '--ttl', 1, 24 * 30) }
                  : {}),
              },
              await session.requestOptions(),
            );
            const done = options.wait
              ? await waitFor(ctx, accepted, ['running', 'failed'])
              : accepted;
            ctx.out.data(done);
            if (!options.wait) {
              ctx.out.line(`Accepted: ${done.id} (${done.status})`);
            }
            return done.status === 'failed' ? EXIT.failed : EXIT.ok;
          },
        ),
      ),
    [
      'pave env deploy orders --env local',
      'pave env deploy orders --env preview --branch feature/refunds --ttl 8',
    ],
  );

  examples(
    env
      .command('destroy')
      .argument('<id>', 'the deployment id (`pave env ls`)')
      .option('--no-wait', 'return once accepted')
      .description('Stop a deployment and remove its resources')
      .action(
        action(async (ctx, id: string, options: { wait: boolean }) => {
          const session = ctx.session();
          const accepted = await session.environments.destroy(
            id,
            await session.requestOptions(),
          );
          const done = options.wait
            ? await waitFor(ctx, accepted, ['destroyed', 'failed'])
            : accepted;
          ctx.out.data(done);
          return done.status === 'failed' ? EXIT.failed : EXIT.ok;
        }),
      ),
    ['pave env destroy 3f2c…'],
  );

  examples(
    env
      .command('logs')
      .argument('<id>', 'the deployment id (`pave env ls`)')
      .option('-n, --lines <count>', 'lines to show', '100')
      .option('-f, --follow', 'keep printing new lines until Ctrl-C')
      .description('The service’s last lines of output')
      .action(
        action(
          async (
            ctx,
            id: string,
            options: { lines: string; follow?: boolean },
          ) => {
            const lines = wholeNumber(options.lines, '--lines', 1, 1000);
            const session = ctx.session();
            let shown = (
              await session.environments.logs(
                id,
                lines,
                await session.requestOptions(),
              )
            ).lines;
            ctx.out.data({ lines: shown });
            shown.forEach(line => ctx.out.line(line));
            while (options.follow) {
              await new Promise(r => setTimeout(r, 2 * POLL_MS));
              const next = (
                await session.environments.logs(
                  id,
                  1000,
                  await session.requestOptions(),
                )
              ).lines;
              newLines(shown, next).forEach(line => ctx.out.line(line));
              shown = next;
            }
          },
        ),
      ),
    ['pave env logs 3f2c… -n 50', 'pave env logs 3f2c… --follow'],
  );

  examples(
    env
      .command('extend')
      .argument('<id>', 'the preview’s deployment id')
      .requiredOption('--hours <hours>', 'it lives this many hours from now')
      .description('Keep a preview longer')
      .action(
        action(async (ctx, id: string, options: { hours: string }) => {
          const session = ctx.session();
          const extended = await session.environments.extend(
            id,
            wholeNumber(options.hours, '--hours', 1, 24 * 30),
            await session.requestOptions(),
          );
          ctx.out.data(extended);
          ctx.out.line(`${extended.id} now expires at ${extended.expiresAt}`);
        }),
      ),
    ['pave env extend 3f2c… --hours 24'],
  );
}

/**
 * The lines of `next` after the end of `previous`: the longest suffix of
 * what was shown that starts `next`'s tail, so a moving window of the last
 * lines prints each line once.
 */
export function newLines(previous: string[], next: string[]): string[] {
  for (
    let overlap = Math.min(previous.length, next.length);
    overlap > 0;
    overlap--
  ) {
    const tail = previous.slice(previous.length - overlap);
    const start = next.length - overlap;
    // The shown tail must appear in next; search from the newest end.
    for (let i = start; i >= 0; i--) {
      if (tail.every((line, k) => next[i + k] === line)) {
        return next.slice(i + overlap);
      }
    }
  }
  return next;
}
