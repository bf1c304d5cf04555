import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { CostEstimator, PricingCatalog } from '@pave/plugin-cost-node';
import { environmentPlan } from '@pave/plugin-cost-node/testUtils';
import { resolve } from 'node:path';
import { DatabaseCostStore } from '../database/DatabaseCostStore';
import { CostLedger } from './CostLedger';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const team: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: {
    name: 'payments',
    namespace: 'default',
    annotations: { 'pave.dev/monthly-budget-usd': '10000' },
  },
  spec: { type: 'team', children: [] },
};
const component = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { type: 'service', owner: 'payments' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/payments' }],
});

/** `read()` once `until` holds for it (a background reload has landed). */
async function eventually<T>(read: () => Promise<T>, until: (v: T) => boolean) {
  for (let attempt = 0; attempt < 100; attempt++) {
    const value = await read();
    if (until(value)) return value;
    await new Promise(r => setTimeout(r, 20));
  }
  return read();
}

describe('CostLedger', () => {
  it("reads a team's budget once per interval for every entity page, reloads it behind the page once stale, and checks against fresh figures", async () => {
    const knex = await databases.init('SQLITE_3');
    const store = await DatabaseCostStore.create({ knex });
    const estimator = new CostEstimator({
      catalog: await PricingCatalog.fromDirectory(
        resolve(__dirname, '../../../../pricing'),
      ),
    });
    let now = new Date('2026-12-07T10:00:00Z');
    const ledger = new CostLedger({
      catalog: catalogServiceMock({
        entities: [team, component('orders'), component('refunds')],
      }),
      auth: mockServices.auth(),
      store,
      divergenceThreshold: 0.25,
      now: () => now,
    });
    const record = (name: string) =>
      store.recordEstimate({
        entityRef: `component:default/${name}`,
        cause: { kind: 'api' },
        estimate: estimator.estimate([environmentPlan('aws', 'dev')]),
      });
    await record('orders');
    const reads = jest.spyOn(store, 'currentOf');
    const owned = async (name: string) =>
      (
        await ledger.entityCost(
          `component:default/${name}`,
          mockCredentials.user('user:default/tom.becker'),
        )
      ).budget?.total.ownedUsd;

    const one = await owned('orders');
    expect(one).toBe(103.14);
    expect(await owned('refunds')).toBe(one);
    expect(reads).toHaveBeenCalledTimes(1);

    // Recorded here: the next page starts a reload and is given the old
    // figure meanwhile; the pages after it see the new one.
    await record('refunds');
    expect(await owned('orders')).toBe(one);
    expect(
      await eventually(
        () => owned('orders'),
        v => v !== one,
      ),
    ).toBe(2 * 103.14);
    expect(reads).toHaveBeenCalledTimes(2);

    // Recorded by another replica (its own store on the same database):
    // pages show it once their 5 s are over and the reload is done; a
    // budget check (the wizard's) waits for the fresh figure.
    const replica = await DatabaseCostStore.create({
      knex,
      skipMigrations: true,
    });
    await replica.recordEstimate({
      entityRef: 'component:default/orders',
      cause: { kind: 'api' },
      estimate: estimator.estimate([
        environmentPlan('aws', 'dev'),
        environmentPlan('aws', 'staging'),
      ]),
    });
    now = new Date(now.getTime() + 4_000);
    expect(await owned('refunds')).toBe(2 * 103.14);
    now = new Date(now.getTime() + 2_000);
    const check = await ledger.budgetCheck(
      'group:default/payments',
      estimator.estimate([environmentPlan('aws', 'dev')]),
    );
    expect(check.status.total.ownedUsd).toBeGreaterThan(2 * 103.14);
    expect(
      await eventually(
        () => owned('refunds'),
        v => v !== 2 * 103.14,
      ),
    ).toBeGreaterThan(2 * 103.14);
    expect(reads).toHaveBeenCalledTimes(3);
  });
});
