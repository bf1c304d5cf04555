import { Command } from 'commander';
import { CommandContext, action, examples } from '../lib/action';
import { CliError, EXIT } from '../lib/exitCodes';
import { Output, Progress } from '../lib/output';
import { templateRef } from '../lib/refs';
import { ScaffolderTask, TaskEvent } from '../lib/ScaffolderTasks';
import { readValues } from '../lib/values';

interface StepResult {
  id: string;
  name: string;
  status:
    | 'pending'
    | 'processing'
    | 'completed'
    | 'failed'
    | 'skipped'
    | 'cancelled';
  startedAt?: number;
  durationMs?: number;
}

/** What `pave create` reports (`--json`). */
export interface CreateResult {
  taskId: string;
  templateRef: string;
  status: string;
  steps: StepResult[];
  output?: Record<string, unknown>;
  entityRef?: string;
  repository?: string;
  error?: string;
}

/**
 * Follows a task's events (long polling) until it completes: a progress
 * line per step, the log lines as they are written, and the output.
 */
async function followTask(
  ctx: CommandContext,
  task: ScaffolderTask,
  quiet: boolean,
): Promise<{ steps: StepResult[]; completion?: TaskEvent }> {
  const session = ctx.session();
  const { out } = ctx;
  const steps: StepResult[] = task.spec.steps.map(s => ({
    id: s.id,
    name: s.name,
    status: 'pending',
  }));
  const label = (step: StepResult) =>
    `[${steps.indexOf(step) + 1}/${steps.length}] ${step.name}`;
  let progress: Progress | undefined;
  let after: number | undefined;
  for (;;) {
    const events = await session.scaffolder.events(
      task.id,
      after,
      await session.requestOptions(),
    );
    for (const event of events) {
      after = Number(event.id);
      if (event.type === 'completion' || event.type === 'cancelled') {
        progress?.stop();
        return { steps, completion: event };
      }
      const step = steps.find(s => s.id === event.body.stepId);
      if (!step) {
        continue;
      }
      const status = event.body.status;
      if (status === 'processing' && step.status === 'pending') {
        step.status = 'processing';
        // The events' own times are whole seconds; long polling hands each
        // one over as it is written, so the local clock is finer.
        step.startedAt = Date.now();
        progress?.stop();
        progress = out.progress(label(step));
      } else if (status && status !== 'processing') {
        step.status = status;
        step.durationMs = step.startedAt
          ? Date.now() - step.startedAt
          : undefined;
        const text = `${label(step)}${
          step.durationMs === undefined || step.durationMs < 100
            ? ''
            : ` ${out.c.dim(`${(step.durationMs / 1000).toFixed(1)} s`)}`
        }`;
        if (!progress) {
          progress = out.progress(label(step));
        }
        if (status === 'completed' || status === 'skipped') {
          progress.succeed(status === 'skipped' ? `${text} (skipped)` : text);
        } else {
          progress.fail(text);
        }
        progress = undefined;
      } else if (!quiet && event.body.message) {
        // A log line: above the spinner, indented, so the steps stand out.
        const line = logLine(out, event.body.message);
        if (progress) {
          progress.log(line);
        } else {
          out.note(line);
        }
      }
    }
  }
}

// eslint-disable-next-line no-control-regex
const LEVEL = /^(?:\u001b\[\d+m)?(\w+)(?:\u001b\[\d+m)?: /;

/**
 * A task log line as the portal shows it: the logger's level prefix
 * (coloured by the server for its own terminal) becomes ours.
 */
export function logLine(out: Output, message: string): string {
  const match = LEVEL.exec(message);
  const level = match?.[1];
  const text = match ? message.slice(match[0].length) : message;
  const c = out.stderrColors;
  const paint =
    ({ error: c.red, warn: c.yellow } as Record<string, (t: string) => string>)[
      level ?? ''
    ] ?? c.dim;
  return `    ${paint(text)}`;
}

function entityOf(output: Record<string, any> | undefined) {
  const links: Array<{ title?: string; url?: string; entityRef?: string }> =
    output?.links ?? [];
  const entityRef =
    (typeof output?.entityRef === 'string' && output.entityRef) ||
    links.find(l => l.entityRef)?.entityRef;
  const repository =
    (typeof output?.remoteUrl === 'string' && output.remoteUrl) ||
    (typeof output?.repoContentsUrl === 'string' && output.repoContentsUrl) ||
    links.find(l => /repo/i.test(l.title ?? ''))?.url;
  return { entityRef, repository, links };
}

/** `pave create TEMPLATE`. */
export function registerCreateCommand(program: Command) {
  examples(
    program
      .command('create')
      .argument('<template>', 'template name or ref (`pave templates`)')
      .option(
        '-s, --set <key=value>',
        'a template parameter; repeat it (JSON values: --set environments=\'["dev","prod"]\')',
        (value: string, previous: string[]) => [...previous, value],
        [] as string[],
      )
      .option(
        '-f, --values <file>',
        'parameters from a YAML or JSON file (--set wins)',
      )
      .option('-q, --quiet', 'steps only, without their log lines')
      .description(
        'Run a golden template: streams each step and its log live, prints the new entity and repository; exits 1 if the task fails',
      )
      .action(
        action(
          async (
            ctx,
            template: string,
            options: { set: string[]; values?: string; quiet?: boolean },
          ) => {
            const ref = templateRef(template);
            const values = readValues(options.values, options.set);
            const session = ctx.session();
            if (session.identity.type === 'token') {
              throw new CliError(
                'Templates run as a person, and an API token is a service: Pave would not know whom to judge or who owns the task.',
                EXIT.failed,
                `Sign in as yourself: \`pave login --url ${session.url} --web\` (or unset PAVE_API_TOKEN to use that login).`,
              );
            }
            const { out } = ctx;
            const { id } = await session.scaffolder.create(
              { templateRef: ref, values },
              await session.requestOptions(),
            );
            out.note(
              `Task ${id} for ${ref}: ${session.url}/create/tasks/${id}`,
            );
            // Ctrl-C cancels the task too, so nothing half-made keeps running.
            const onInterrupt = () => {
              out.note('Cancelling the task…');
              session
                .requestOptions()
                .then(o => session.scaffolder.cancel(id, o))
                .finally(() => process.exit(130));
            };
            process.once('SIGINT', onInterrupt);
            try {
              const task = await session.scaffolder.get(
                id,
                await session.requestOptions(),
              );
              const { steps, completion } = await followTask(
                ctx,
                task,
                Boolean(options.quiet),
              );
              const final = await session.scaffolder.get(
                id,
                await session.requestOptions(),
              );
              const output = completion?.body.output as
                | Record<string, any>
                | undefined;
              const { entityRef, repository, links } = entityOf(output);
              const failed = final.status !== 'completed';
              const error = failed
                ? completion?.body.error?.message ?? completion?.body.message
                : undefined;
              const result: CreateResult = {
                taskId: id,
                templateRef: ref,
                status: final.status,
                steps,
                ...(output ? { output } : {}),
                ...(entityRef ? { entityRef } : {}),
                ...(repository ? { repository } : {}),
                ...(error ? { error } : {}),
              };
              out.data(result);
              out.line();
              if (failed) {
                out.line(`${out.c.red('✖ Failed')}: ${error ?? final.status}`);
                return EXIT.failed;
              }
              out.line(`${out.c.green('✔ Created')} ${entityRef ?? ''}`.trim());
              if (repository && !links.some(l => l.url === repository)) {
                out.line(`  Repository: ${repository}`);
              }
              for (const link of links) {
                if (link.url) {
                  out.line(`  ${link.title ?? 'link'}: ${link.url}`);
                }
              }
              return EXIT.ok;
            } finally {
              process.off('SIGINT', onInterrupt);
            }
          },
        ),
      ),
    [
      'pave create node-http-service --set name=orders --set owner=group:default/payments --set system=payments --set costCenter=CC-2100',
      'pave create node-worker --values worker.yaml',
      'pave create node-http-service -f values.yaml --json | jq -r .entityRef',
    ],
  );
}
