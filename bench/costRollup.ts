/*
 * Team rollup benchmark (issue 7): GET /api/cost/groups/:ref's work for a
 * team owning BENCH_SERVICES (default 500) components, each with a recorded
 * estimate and 12 months of actuals. Prints figures; asserts nothing.
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/costRollup.ts
 * CostLedger.groupCost over the real store on SQLite (in memory) and, when
 * BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is set (scripts/lib.sh
 * start_postgres), PostgreSQL; the catalog is Backstage's in-memory catalog
 * client, so the figures are the cost plugin's share of the request.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import Knex, { Knex as KnexType } from 'knex';
import { join } from 'node:path';
import { DatabaseCostStore } from '../plugins/cost-backend/src/database/DatabaseCostStore';
import { CostEstimator } from '../plugins/cost-backend/src/service/CostEstimator';
import { CostLedger } from '../plugins/cost-backend/src/service/CostLedger';
import { PricingCatalog } from '../plugins/cost-backend/src/service/PricingCatalog';
import {
  environmentPlan,
  everyResource,
} from '../plugins/cost-backend/src/__testUtils__/plans';
import { monthOf } from '../plugins/cost-backend/src/service/CostLedger';

const SERVICES = Number(process.env.BENCH_SERVICES ?? 500);
const RUNS = Number(process.env.BENCH_RUNS ?? 50);

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

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

async function seed(store: DatabaseCostStore, estimator: CostEstimator) {
  const estimate = estimator.estimate([
    environmentPlan('aws', 'dev', everyResource('small')),
    environmentPlan('aws', 'prod', everyResource('medium')),
  ]);
  for (let i = 0; i < SERVICES; i++) {
    await store.recordEstimate({
      entityRef: `component:default/svc-${i}`,
      cause: { kind: 'api' },
      estimate,
    });
  }
  const lines = [];
  for (let m = 0; m < 12; m++) {
    const month = monthOf(new Date(), m);
    for (let i = 0; i < SERVICES; i++) {
      for (const environment of ['dev', 'prod']) {
        lines.push({
          provider: 'aws',
          month,
          entityRef: `component:default/svc-${i}`,
          environment,
          micros: 1_000_000 * (i + 1),
          coveredUntil: `${month}-28T00:00:00.000Z`,
        });
      }
    }
  }
  await store.ingest(
    {
      lines,
      periods: [...new Set(lines.map(l => l.month))].map(month => ({
        provider: 'aws',
        month,
      })),
      rowsRead: lines.length,
      rowsIngested: lines.length,
      rowsRejected: 0,
      rowsUnattributed: 0,
      unattributedMicros: 0,
      errors: [],
    },
    { source: 'bench', startedAt: new Date() },
  );
}

async function run(name: string, knex: KnexType, estimator: CostEstimator) {
  const store = await DatabaseCostStore.create({ knex });
  await seed(store, estimator);
  const ledger = new CostLedger({
    catalog: catalogServiceMock({ entities: entities() }),
    auth: mockServices.auth(),
    store,
    divergenceThreshold: 0.25,
  });
  const credentials = await mockServices.auth().getOwnServiceCredentials();
  const times: number[] = [];
  let result;
  for (let i = 0; i < RUNS + 5; i++) {
    const start = process.hrtime.bigint();
    result = await ledger.groupCost('group:default/payments', credentials);
    if (i >= 5) times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  console.log(
    `   ${name.padEnd(12)} ${String(result!.entities.length).padStart(
      8,
    )} ${percentile(times, 0.5).toFixed(1).padStart(9)} ${percentile(
      times,
      0.99,
    )
      .toFixed(1)
      .padStart(8)}   owned $${result!.budget.total.ownedUsd.toLocaleString(
      'en-US',
    )}/month, ${result!.actuals.length} months of actuals`,
  );
}

async function main() {
  const estimator = new CostEstimator({
    catalog: await PricingCatalog.fromDirectory(
      join(__dirname, '..', 'pricing'),
    ),
  });
  console.log(
    `Team rollup: ${SERVICES} services, ${RUNS} runs (ms)\n   database     services    median      p99`,
  );
  const sqlite = Knex({
    client: 'better-sqlite3',
    connection: { filename: ':memory:' },
    useNullAsDefault: true,
  });
  await run('SQLite', sqlite, estimator);
  await sqlite.destroy();
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
      await run('PostgreSQL', knex, estimator);
    } finally {
      await knex.destroy();
      await admin.raw(`DROP DATABASE ${db}`);
      await admin.destroy();
    }
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
