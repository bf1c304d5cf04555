import { Command } from 'commander';
import type { AuditRecord } from '@pave/plugin-audit-common';
import { action, examples } from '../lib/action';
import { CliError, EXIT } from '../lib/exitCodes';
import { Output } from '../lib/output';
import { wholeNumber } from '../lib/flags';
import { componentRef } from '../lib/refs';
import { paintStatus } from '../lib/render';

const FOLLOW_INTERVAL_MS = 2000;

function printEvents(out: Output, events: AuditRecord[], header: boolean) {
  const rows = events.map(e => ({
    time: e.time.replace('T', ' ').slice(0, 19),
    event: `${e.plugin}.${e.eventId}`,
    status: paintStatus(out, e.status),
    severity: e.severity,
    actor: e.actor.id ?? e.actor.type,
    detail: e.error ?? '',
  }));
  if (header) {
    out.table(rows, [
      { header: 'TIME (UTC)', value: r => r.time },
      { header: 'EVENT', value: r => r.event },
      { header: 'STATUS', value: r => r.status },
      { header: 'SEVERITY', value: r => r.severity },
      { header: 'ACTOR', value: r => r.actor },
      { header: 'DETAIL', value: r => r.detail },
    ]);
  } else {
    for (const r of rows) {
      out.line(
        [r.time, r.event, r.status, r.severity, r.actor, r.detail]
          .filter(Boolean)
          .join('  '),
      );
    }
  }
}

/** Events after `seq`, oldest first. */
function newerThan(events: AuditRecord[], seq: number) {
  return events.filter(e => e.seq > seq).sort((a, b) => a.seq - b.seq);
}

/** `pave audit ENTITY [--follow]`, `pave audit verify`. */
export function registerAuditCommands(program: Command) {
  const audit = examples(
    program
      .command('audit')
      .description(
        'The audit trail: what happened to an entity, and whether the trail is intact',
      )
      .argument('[entity]', 'component name or entity ref')
      .option('-n, --limit <count>', 'events to show', '20')
      .option('-f, --follow', 'keep printing new events until Ctrl-C')
      .action(
        action(
          async (
            ctx,
            entity: string | undefined,
            options: { limit: string; follow?: boolean },
          ) => {
            if (!entity) {
              throw new CliError(
                'entity: required, e.g. pave audit orders (or pave audit verify)',
                EXIT.usage,
              );
            }
            const limit = wholeNumber(options.limit, '--limit', 1, 500);
            const entityRef = componentRef(entity);
            const session = ctx.session();
            const page = await session.audit.listEvents(
              { entityRef, limit, order: 'desc' },
              await session.requestOptions(),
            );
            const events = [...page.items].reverse();
            if (!options.follow) {
              ctx.out.data({ items: events });
              printEvents(ctx.out, events, true);
              return;
            }
            // Following: newest last, then each new event as it is recorded
            // (as JSON lines with --json, for a pipe).
            const emit = (batch: AuditRecord[], header: boolean) => {
              if (ctx.globals.json) {
                for (const e of batch) {
                  process.stdout.write(`${JSON.stringify(e)}\n`);
                }
              } else {
                printEvents(ctx.out, batch, header);
              }
            };
            emit(events, true);
            let lastSeq = events.length ? events[events.length - 1].seq : 0;
            for (;;) {
              await new Promise(r => setTimeout(r, FOLLOW_INTERVAL_MS));
              const next = await session.audit.listEvents(
                { entityRef, limit: 500, order: 'desc' },
                await session.requestOptions(),
              );
              const fresh = newerThan(next.items, lastSeq);
              if (fresh.length) {
                lastSeq = fresh[fresh.length - 1].seq;
                emit(fresh, false);
              }
            }
          },
        ),
      ),
    [
      'pave audit orders',
      'pave audit component:default/orders --follow',
      'pave audit orders --json | jq -r ".items[].eventId"',
    ],
  );

  examples(
    audit
      .command('verify')
      .description(
        'Walk the hash chain; exits 1 when a record was altered or removed',
      )
      .action(
        action(async ctx => {
          const session = ctx.session();
          const result = await session.audit.verify(
            await session.requestOptions(),
          );
          const { out } = ctx;
          out.data(result);
          if (result.valid) {
            out.line(
              `${out.c.green('✔ Intact')}: ${result.checked} records, head #${
                result.headSeq
              } ${result.headHash.slice(0, 16)}…`,
            );
            return EXIT.ok;
          }
          out.line(
            `${out.c.red('✖ Broken')} at #${result.firstBrokenSeq}: ${
              result.reason
            } (${result.checked} records checked)`,
          );
          return EXIT.failed;
        }),
      ),
    ['pave audit verify', 'pave audit verify --json | jq .headHash'],
  );
}
