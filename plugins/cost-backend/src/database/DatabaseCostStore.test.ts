import { CostEstimate } from '@pave/plugin-cost-common';
import { Knex } from 'knex';
import { costTestDatabases } from '../__testUtils__/databases';
import { environmentPlan } from '@pave/plugin-cost-node/testUtils';
import type { FocusAggregate } from '@pave/plugin-cost-node';
import { DatabaseCostStore } from './DatabaseCostStore';
import { CostEstimator, PricingCatalog } from '@pave/plugin-cost-node';
import { resolve } from 'node:path';

jest.setTimeout(60_000);

const databases = costTestDatabases();

let estimator: CostEstimator;
beforeAll(async () => {
  estimator = new CostEstimator({
    catalog: await PricingCatalog.fromDirectory(
      resolve(__dirname, '../../../../pricing'),
    ),
  });
});

function estimateOf(...types: Array<'dev' | 'prod'>): CostEstimate {
  return estimator.estimate(types.map(type => environmentPlan('aws', type)));
}

function batch(lines: FocusAggregate['lines']): FocusAggregate {
  const periods = [
    ...new Map(
      lines.map(l => [
        `${l.provider}|${l.month}`,
        { provider: l.provider, month: l.month },
      ]),
    ).values(),
  ];
  return {
    lines,
    periods,
    rowsRead: lines.length,
    rowsIngested: lines.length,
    rowsRejected: 0,
    rowsUnattributed: 0,
    unattributedMicros: 0,
    errors: [],
  };
}

describe.each(databases.eachSupportedId())('DatabaseCostStore on %s', id => {
  let knex: Knex;
  let store: DatabaseCostStore;

  beforeEach(async () => {
    knex = await databases.init(id);
    store = await DatabaseCostStore.create({ knex });
  });

  it('records estimates as history and keeps the latest as current', async () => {
    const first = await store.recordEstimate({
      entityRef: 'Component:default/Orders',
      cause: { kind: 'task', taskId: 'task-1' },
      estimate: estimateOf('dev'),
      recordedAt: new Date('2026-10-01T10:00:00Z'),
    });
    const second = await store.recordEstimate({
      entityRef: 'component:default/orders',
      cause: { kind: 'spec-change', detail: 'catalog Resources: prod (1)' },
      estimate: estimateOf('dev', 'prod'),
      recordedAt: new Date('2026-11-01T10:00:00Z'),
    });
    expect(first.created && second.created).toBe(true);

    const current = await store.current('component:default/orders');
    expect(current).toEqual(second.estimate);
    expect(current!.estimate.environments.map(e => e.environment)).toEqual([
      'dev',
      'prod',
    ]);
    const history = await store.history('component:default/orders');
    expect(history.map(h => h.cause.kind)).toEqual(['task', 'spec-change']);
    expect(history[1].monthlyUsd).toBeCloseTo(
      history[1].byEnvironment.dev + history[1].byEnvironment.prod,
      2,
    );
    expect(history[1].byEnvironmentType).toEqual({
      dev: history[1].byEnvironment.dev,
      prod: history[1].byEnvironment.prod,
    });
    expect(history[0]).not.toHaveProperty('estimate');
  });

  it('does not record an unchanged estimate again when asked not to', async () => {
    const estimate = estimateOf('dev');
    await store.recordEstimate({
      entityRef: 'component:default/orders',
      cause: { kind: 'task', taskId: 't' },
      estimate,
    });
    const again = await store.recordEstimate({
      entityRef: 'component:default/orders',
      cause: { kind: 'spec-change', detail: 'same' },
      estimate,
      ifChanged: true,
    });
    expect(again.created).toBe(false);
    expect(again.estimate.cause).toEqual({ kind: 'task', taskId: 't' });
    // The same environments in another order are the same estimate.
    await store.recordEstimate({
      entityRef: 'component:default/orders',
      cause: { kind: 'task', taskId: 'two' },
      estimate: estimateOf('prod', 'dev'),
    });
    const reordered = await store.recordEstimate({
      entityRef: 'component:default/orders',
      cause: { kind: 'spec-change', detail: 'sorted' },
      estimate: estimateOf('dev', 'prod'),
      ifChanged: true,
    });
    expect(reordered.created).toBe(false);
    const changed = await store.recordEstimate({
      entityRef: 'component:default/orders',
      cause: { kind: 'spec-change', detail: 'prod only' },
      estimate: estimateOf('prod'),
      ifChanged: true,
    });
    expect(changed.created).toBe(true);
    expect(await store.history('component:default/orders')).toHaveLength(3);
  });

  it('reads the current estimates of more entities than one query binds', async () => {
    const estimate = estimateOf('dev');
    const refs = Array.from(
      { length: 620 },
      (_, i) => `component:default/svc-${i}`,
    );
    for (const ref of refs.slice(0, 610)) {
      await store.recordEstimate({
        entityRef: ref,
        cause: { kind: 'api' },
        estimate,
      });
    }
    const current = await store.currentOf(refs);
    expect(current.size).toBe(610);
    expect(current.get('component:default/svc-609')).toMatchObject({
      monthlyCents: Math.round(estimate.monthlyUsd * 100),
      complete: true,
      byEnvironmentTypeCents: { dev: Math.round(estimate.monthlyUsd * 100) },
    });
  });

  it('replaces the provider months a file covers and leaves the others', async () => {
    const line = (
      provider: string,
      month: string,
      micros: number,
      environment = 'prod',
    ) => ({
      provider,
      month,
      entityRef: 'component:default/orders',
      environment,
      micros,
      coveredUntil: `${month}-28T00:00:00.000Z`,
    });
    await store.ingest(
      batch([
        line('aws', '2026-10', 1_000_000),
        line('gcp', '2026-10', 2_000_000),
      ]),
      { source: 'first', startedAt: new Date() },
    );
    // AWS restates October: only AWS's October is replaced.
    const report = await store.ingest(
      batch([
        line('aws', '2026-10', 5_500_000),
        line('aws', '2026-10', 250_000, 'dev'),
      ]),
      { source: 'second', startedAt: new Date() },
    );
    expect(report).toMatchObject({
      status: 'ingested',
      source: 'second',
      months: ['aws:2026-10'],
    });
    const rows = await store.actualsOf(['component:default/orders'], '2026-01');
    expect(rows.map(r => [r.environment, r.micros])).toEqual([
      ['dev', 250_000],
      ['prod', 7_500_000],
    ]);
    expect(await store.hasIngested('second')).toBe(true);
    expect((await store.ingests()).map(r => r.source).sort()).toEqual([
      'first',
      'second',
    ]);
  });

  it('rolls actuals up per month and per entity’s latest month', async () => {
    const line = (
      service: string,
      month: string,
      env: string,
      usd: number,
    ) => ({
      provider: 'aws',
      month,
      entityRef: `component:default/${service}`,
      environment: env,
      micros: usd * 1_000_000,
      coveredUntil: `${month}-28T00:00:00.000Z`,
    });
    await store.ingest(
      batch([
        line('orders', '2026-09', 'prod', 100),
        line('orders', '2026-10', 'prod', 40),
        line('orders', '2026-10', 'dev', 2),
        line('refunds', '2026-09', 'prod', 7),
        line('other', '2026-10', 'prod', 1000),
      ]),
      { source: 'rollup', startedAt: new Date() },
    );
    const { months, latest } = await store.actualsRollup(
      ['component:default/orders', 'component:default/refunds'],
      '2026-01',
    );
    expect(Object.fromEntries(months)).toEqual({
      '2026-09': 107_000_000,
      '2026-10': 42_000_000,
    });
    expect(Object.fromEntries(latest)).toEqual({
      'component:default/orders': { month: '2026-10', micros: 42_000_000 },
      'component:default/refunds': { month: '2026-09', micros: 7_000_000 },
    });
    const recent = await store.actualsRollup(
      ['component:default/orders'],
      '2026-10',
    );
    expect(Object.fromEntries(recent.months)).toEqual({
      '2026-10': 42_000_000,
    });
  });

  it('writes nothing of a file whose write fails midway', async () => {
    const good = (i: number) => ({
      provider: 'aws',
      month: '2026-11',
      entityRef: `component:default/svc-${i}`,
      environment: 'prod',
      micros: 1_000_000,
      coveredUntil: '2026-11-20T00:00:00.000Z',
    });
    await store.ingest(batch([good(0)]), {
      source: 'before',
      startedAt: new Date(),
    });
    // 150 lines: the first INSERT chunk succeeds, the second fails.
    const lines = Array.from({ length: 150 }, (_, i) => good(i));
    // Line 140 repeats line 10's key: the primary key refuses it.
    lines[140] = { ...lines[10] };
    // Matched by message: SQLite's error class may come from another realm
    // when jest reuses a worker, and toThrow() then sees no Error.
    await expect(
      store.ingest(batch(lines), { source: 'broken', startedAt: new Date() }),
    ).rejects.toHaveProperty(
      'message',
      expect.stringMatching(/UNIQUE constraint failed|duplicate key value/),
    );
    const rows = await store.actualsOf(
      lines.map(l => l.entityRef),
      '2026-01',
    );
    expect(rows).toEqual([
      expect.objectContaining({
        entityRef: 'component:default/svc-0',
        micros: 1_000_000,
      }),
    ]);
    expect(await store.hasIngested('broken')).toBe(false);
  });

  it('records a refused file with its reason', async () => {
    const report = await store.recordFailedIngest({
      source: 'upload:bad.csv',
      startedAt: new Date(),
      failure: 'not a FOCUS export',
    });
    expect(report).toMatchObject({
      status: 'failed',
      failure: 'not a FOCUS export',
    });
    expect(await store.ingests()).toEqual([report]);
  });
});
