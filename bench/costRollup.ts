/*
 * Team rollup benchmark (issue 7): `GET /api/cost/groups/:ref` for a team
 * owning BENCH_SERVICES (default 500) components, each with a recorded
 * estimate and 12 months of actuals; then the entity page's
 * `GET /api/cost/entities/:ref` from BENCH_CLIENTS (default 50) concurrent
 * clients over random services of that team (issue 19). Prints figures;
 * asserts nothing.
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/costRollup.ts
 * The cost plugin runs on a backend of its own over its real store, on
 * SQLite (in memory) and, when
 * BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is set (scripts/lib.sh
 * start_postgres), PostgreSQL. It is seeded through its own API as Pave
 * fills it: one estimate per service as the scaffolder records it, then a
 * FOCUS upload of the year. The catalog is Backstage's in-memory catalog,
 * so the figures are the cost plugin's share of the request.
 */
import { Entity } from '@backstage/catalog-model';
import { CostEstimator, PricingCatalog } from '@pave/plugin-cost-node';
import {
  environmentPlan,
  everyResource,
} from '@pave/plugin-cost-node/testUtils';
import Knex, { Knex as KnexType } from 'knex';
import { join } from 'node:path';
import { asDeveloper, asScaffolder, startCostBackend } from './costBackend';
import { percentile } from './percentile';

const SERVICES = Number(process.env.BENCH_SERVICES ?? 500);
const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const PAGE_REQUESTS = Number(process.env.BENCH_PAGE_REQUESTS ?? 1000);
const GROUP = encodeURIComponent('group:default/payments');

function entities(): Entity[] {
  const team: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: 'payments',
      namespace: 'default',
      annotations: {
        'pave.dev/monthly-budget-usd': '250000',
        'pave.dev/monthly-budget-usd.prod': '180000',
      },
    },
    spec: { type: 'team', children: [] },
  };
  const services = Array.from({ length: SERVICES }, (_, i) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: `svc-${i}`, namespace: 'default' },
    spec: { type: 'service', owner: 'payments' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/payments' }],
  }));
  return [team, ...services];
}

/** A year of daily-summed FOCUS rows: one per service, environment and month. */
function focusYear(): string {
  const header =
    'BillingCurrency,ChargePeriodStart,ChargePeriodEnd,EffectiveCost,ProviderName,Tags';
  const rows = [header];
  const now = new Date();
  for (let m = 0; m < 12; m++) {
    const start = new Date(
      Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - m, 1),
    );
    const end = new Date(start.getTime() + 27 * 86_400_000);
    for (let i = 0; i < SERVICES; i++) {
      for (const environment of ['dev', 'prod']) {
        rows.push(
          `USD,${start.toISOString()},${end.toISOString()},${
            i + 1
          },AWS,"{""service"":""svc-${i}"",""environment"":""${environment}""}"`,
        );
      }
    }
  }
  return `${rows.join('\n')}\n`;
}

async function seed(baseUrl: string) {
  const plans = [
    environmentPlan('aws', 'dev', everyResource('small')),
    environmentPlan('aws', 'prod', everyResource('medium')),
  ];
  for (let i = 0; i < SERVICES; i++) {
    const res = await fetch(
      `${baseUrl}/entities/${encodeURIComponent(
        `component:default/svc-${i}`,
      )}/estimates`,
      {
        method: 'POST',
        headers: {
          Authorization: asScaffolder,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ plans, cause: { kind: 'api' } }),
      },
    );
    if (res.status !== 201) {
      throw new Error(`seeding svc-${i}: ${res.status} ${await res.text()}`);
    }
  }
  const upload = await fetch(`${baseUrl}/actuals/focus?source=year.csv`, {
    method: 'POST',
    headers: { Authorization: asScaffolder, 'content-type': 'text/csv' },
    body: focusYear(),
  });
  if (upload.status !== 200) {
    throw new Error(`FOCUS upload: ${upload.status} ${await upload.text()}`);
  }
}

/** The entity page's cost request from CLIENTS clients at once. */
async function entityPages(name: string, baseUrl: string) {
  const times: number[] = [];
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < PAGE_REQUESTS) {
        next += 1;
        const ref = `component:default/svc-${Math.floor(
          Math.random() * SERVICES,
        )}`;
        const start = process.hrtime.bigint();
        const res = await fetch(
          `${baseUrl}/entities/${encodeURIComponent(ref)}`,
          { headers: { Authorization: asDeveloper } },
        );
        const body = await res.json();
        if (res.status !== 200 || !body.budget) {
          throw new Error(`entity page: ${res.status} ${JSON.stringify(body)}`);
        }
        times.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  times.sort((a, b) => a - b);
  console.log(
    `   ${name.padEnd(12)} entity page, ${CLIENTS} clients: p50 ${percentile(
      times,
      0.5,
    ).toFixed(1)} ms, p95 ${percentile(times, 0.95).toFixed(
      1,
    )} ms, p99 ${percentile(times, 0.99).toFixed(1)} ms, ${(
      times.length / seconds
    ).toFixed(0)} req/s`,
  );
}

async function run(name: string, knex: KnexType) {
  const { backend, baseUrl } = await startCostBackend({
    knex,
    entities: entities(),
  });
  try {
    await seed(baseUrl);
    const times: number[] = [];
    let result;
    for (let i = 0; i < RUNS + 5; i++) {
      const start = process.hrtime.bigint();
      const res = await fetch(`${baseUrl}/groups/${GROUP}`, {
        headers: { Authorization: asDeveloper },
      });
      result = await res.json();
      if (res.status !== 200) {
        throw new Error(`rollup: ${res.status} ${JSON.stringify(result)}`);
      }
      if (i >= 5) times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    times.sort((a, b) => a - b);
    console.log(
      `   ${name.padEnd(12)} ${String(result.entities.length).padStart(
        8,
      )} ${percentile(times, 0.5).toFixed(1).padStart(9)} ${percentile(
        times,
        0.99,
      )
        .toFixed(1)
        .padStart(8)}   owned $${result.budget.total.ownedUsd.toLocaleString(
        'en-US',
      )}/month, ${result.actuals.length} months of actuals`,
    );
    await entityPages(name, baseUrl);
  } finally {
    await backend.stop();
  }
}

async function main() {
  const estimator = new CostEstimator({
    catalog: await PricingCatalog.fromDirectory(
      join(__dirname, '..', 'pricing'),
    ),
  });
  const each = estimator.estimate([
    environmentPlan('aws', 'dev', everyResource('small')),
    environmentPlan('aws', 'prod', everyResource('medium')),
  ]).monthlyUsd;
  console.log(
    `Team rollup over HTTP: ${SERVICES} services at $${each}/month each, ${RUNS} runs (ms)\n   database     services    median      p99`,
  );
  const sqlite = Knex({
    client: 'better-sqlite3',
    connection: { filename: ':memory:' },
    useNullAsDefault: true,
  });
  await run('SQLite', sqlite);
  const pg = process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
  if (pg) {
    const admin = Knex({ client: 'pg', connection: pg });
    const db = `pave_bench_rollup_${process.pid}`;
    await admin.raw(`CREATE DATABASE ${db}`);
    const knex = Knex({
      client: 'pg',
      connection: `${pg.replace(/\/[^/]*$/, '')}/${db}`,
    });
    try {
      await run('PostgreSQL', knex);
    } finally {
      await admin.raw(`DROP DATABASE ${db} WITH (FORCE)`);
      await admin.destroy();
    }
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
