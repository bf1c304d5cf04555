/*
 * Audit store benchmark (issue 6). Prints figures; asserts nothing.
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/auditStore.ts
 * On a SQLite file (journal_mode DELETE, synchronous FULL: every commit is
 * fsynced) and, when BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is
 * set, on PostgreSQL (a fresh database, dropped afterwards):
 *  - append throughput and latency to durable commit, through the journal
 *    (batched, group commit) and one event per transaction, same run, same
 *    64 concurrent producers; latency = append() call → acknowledged;
 *  - BENCH_EVENTS (default 1,000,000) events bulk-appended, then the time
 *    to verify the whole chain and the p50/p95 of an entity's newest page
 *    (limit 50) over 1,000 entities.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { AuditEventInput } from '@pave/plugin-audit-common';
import { DatabaseAuditStore } from '@pave/plugin-audit-backend';
import { AuditJournal, AuditSink, SpoolFile } from '@pave/plugin-audit-node';
import knexFactory, { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { percentile } from './percentile';

const TOTAL = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const APPEND_BATCHED = Number(process.env.BENCH_APPEND ?? 20_000);
const APPEND_SINGLE = Math.ceil(APPEND_BATCHED / 4);
const PRODUCERS = 64;
const ENTITIES = 1000;
const QUERIES = 500;

let clock = Date.parse('2026-01-01T00:00:00.000Z');
/** An event shaped like a scaffolder task's: two entities, some metadata. */
function event(i: number): AuditEventInput {
  clock += 7;
  return {
    id: randomUUID(),
    time: new Date(clock).toISOString(),
    eventId: i % 3 ? 'entity-fetch' : 'task',
    plugin: i % 3 ? 'catalog' : 'scaffolder',
    severity: 'medium',
    status: i % 2 ? 'succeeded' : 'initiated',
    actor: { type: 'user', id: `user:default/dev-${i % 200}` },
    request: { method: 'POST', path: '/api/scaffolder/v2/tasks' },
    entityRefs: [
      `component:default/service-${i % ENTITIES}`,
      'template:default/node-http-service',
    ],
    meta: {
      actionType: 'create',
      templateRef: 'template:default/node-http-service',
      taskId: `task-${i}`,
      parameters: {
        name: `service-${i % ENTITIES}`,
        owner: 'group:default/payments',
      },
    },
  };
}

/** The journal only logs outages, which this run does not have. */
const quietLogger: LoggerService = {
  error: console.error,
  warn: console.warn,
  info: () => {},
  debug: () => {},
  child: () => quietLogger,
};

/** `count` events from PRODUCERS concurrent producers; per-event latency in ms. */
async function produce(
  count: number,
  send: (e: AuditEventInput) => Promise<void>,
) {
  const latencies: number[] = [];
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: PRODUCERS }, async () => {
      while (next < count) {
        const e = event(next++);
        const t = process.hrtime.bigint();
        await send(e);
        latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  return {
    perSecond: count / seconds,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
  };
}

async function bench(label: string, knex: Knex) {
  const store = await DatabaseAuditStore.create({ knex });
  const spoolDir = await mkdtemp(join(tmpdir(), 'audit-bench-spool-'));
  const journal = new AuditJournal({
    spool: new SpoolFile(spoolDir),
    logger: quietLogger,
  });
  journal.attach(store as AuditSink);
  const row = (
    what: string,
    r: { perSecond: number; p50: number; p99: number },
    n: number,
  ) =>
    console.log(
      `   ${label.padEnd(10)} ${what.padEnd(26)} ${String(n).padStart(
        7,
      )} ${r.perSecond.toFixed(0).padStart(10)} ${r.p50
        .toFixed(2)
        .padStart(9)} ${r.p99.toFixed(2).padStart(9)}`,
    );
  try {
    row(
      'journal, batched',
      await produce(APPEND_BATCHED, e => journal.append(e)),
      APPEND_BATCHED,
    );
    row(
      'one event / transaction',
      await produce(APPEND_SINGLE, e => store.append([e])),
      APPEND_SINGLE,
    );
    await journal.close();

    // Bulk load to TOTAL, in the store's own batches.
    const have = APPEND_BATCHED + APPEND_SINGLE;
    const loadStart = Date.now();
    for (let i = have; i < TOTAL; i += 2000) {
      const batch = [];
      for (let j = i; j < Math.min(TOTAL, i + 2000); j++) batch.push(event(j));
      await store.append(batch);
    }
    const loadSeconds = (Date.now() - loadStart) / 1000;
    const verifyStart = Date.now();
    const result = await store.verify();
    const verifySeconds = (Date.now() - verifyStart) / 1000;

    const times: number[] = [];
    for (let q = 0; q < QUERIES; q++) {
      const entityRef = `component:default/service-${(q * 7919) % ENTITIES}`;
      const t = process.hrtime.bigint();
      const page = await store.query(
        { entityRef },
        { limit: 50, order: 'desc' },
      );
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
      if (page.items.length !== 50)
        throw new Error(`short page for ${entityRef}`);
    }
    times.sort((a, b) => a - b);
    const filtered: number[] = [];
    for (let q = 0; q < QUERIES / 5; q++) {
      const entityRef = `component:default/service-${(q * 104729) % ENTITIES}`;
      const t = process.hrtime.bigint();
      await store.query(
        { entityRef, status: 'failed', plugin: 'scaffolder' },
        { limit: 50, order: 'desc' },
      );
      filtered.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    filtered.sort((a, b) => a - b);
    console.log(
      `   ${label.padEnd(10)} ${result.checked} events (bulk load ${(
        (TOTAL - have) /
        loadSeconds
      ).toFixed(0)} events/s): verify ${verifySeconds.toFixed(1)} s (${
        result.valid ? 'valid' : 'BROKEN'
      }); entity page p50 ${percentile(times, 0.5).toFixed(
        2,
      )} ms, p95 ${percentile(times, 0.95).toFixed(
        2,
      )} ms; entity+filters matching nothing p95 ${percentile(
        filtered,
        0.95,
      ).toFixed(2)} ms`,
    );
  } finally {
    await rm(spoolDir, { recursive: true, force: true });
  }
}

async function main() {
  console.log(
    `Audit store: ${PRODUCERS} concurrent producers; latency to durable commit (ms)`,
  );
  console.log(
    '   database   path                        events   events/s   p50 ms    p99 ms',
  );
  const dir = await mkdtemp(join(tmpdir(), 'audit-bench-'));
  const sqlite = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: join(dir, 'audit.sqlite') },
    useNullAsDefault: true,
  });
  try {
    await bench('SQLite', sqlite);
  } finally {
    await sqlite.destroy();
    await rm(dir, { recursive: true, force: true });
  }

  const pgUrl =
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
  if (!pgUrl) {
    console.log(
      '   PostgreSQL skipped: BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is not set',
    );
    return;
  }
  const database = `audit_bench_${Date.now()}`;
  const admin = knexFactory({ client: 'pg', connection: pgUrl });
  await admin.raw(`create database ${database}`);
  const url = new URL(pgUrl);
  url.pathname = `/${database}`;
  const pg = knexFactory({
    client: 'pg',
    connection: url.toString(),
    pool: { min: 0, max: 10 },
  });
  try {
    await bench('PostgreSQL', pg);
  } finally {
    await pg.destroy();
    await admin.raw(`drop database ${database}`);
    await admin.destroy();
  }
  console.log(
    `   peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
  );
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
