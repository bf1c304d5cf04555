import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { CostService } from '@pave/plugin-cost-node';
import { createTinyService } from '@pave/plugin-environments-node/testUtils';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DeploymentStore } from '../database/DeploymentStore';
import { PreviewBudget } from './PreviewBudget';

const component = (name: string, owner: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { type: 'service', owner, lifecycle: 'production' },
});
const group = (name: string, annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default', annotations },
  spec: { type: 'team', children: [] },
});

const checkout = component('checkout', 'payments');
const entities = [
  checkout,
  component('ledger', 'payments'),
  component('search-api', 'search'),
  group('payments', { 'pave.dev/preview-budget-usd': '100' }),
  group('search', {}),
];

/** The cost plugin's answer per environment asked for. */
function cost(monthlyUsd: number | Error): CostService {
  return {
    estimate: async () => {
      if (monthlyUsd instanceof Error) throw monthlyUsd;
      return { monthlyUsd } as Awaited<ReturnType<CostService['estimate']>>;
    },
    recordEstimate: () => Promise.reject(new Error('not used')),
    getEntityCost: () => Promise.reject(new Error('not used')),
    getGroupCost: () => Promise.reject(new Error('not used')),
  };
}

describe('PreviewBudget', () => {
  const databases = TestDatabases.create({
    ids: ['SQLITE_3'],
    disableDocker: true,
  });
  let dir: string;
  let store: DeploymentStore;
  let source: { repository: string; commit: string };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'preview-budget-'));
    const tiny = await createTinyService(dir, 'checkout');
    source = {
      repository: path.join(tiny.repository, '.git'),
      commit: tiny.commit,
    };
    store = await DeploymentStore.create(await databases.init('SQLITE_3'));
    // Running previews: two of payments' ($30 and $25), one of search's ($70),
    // one of payments' destroyed ($90: no longer counted).
    const running = [
      ['component:default/ledger', 'preview-a', 30],
      ['component:default/ledger', 'preview-b', 25],
      ['component:default/search-api', 'preview-c', 70],
      ['component:default/ledger', 'preview-d', 90],
    ] as const;
    for (const [entityRef, environment, usd] of running) {
      await store.want({
        entityRef,
        environment,
        commit: source.commit,
        actor: 'user:default/tom',
        estimatedMonthlyUsd: usd,
      });
    }
    const destroyed = (await store.list()).find(
      d => d.environment === 'preview-d',
    )!;
    await store.update(destroyed.id, {
      desired: 'absent',
      status: 'destroyed',
    });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const budget = (answer: number | Error) =>
    new PreviewBudget({
      cost: cost(answer),
      auth: mockServices.auth(),
      catalog: catalogServiceMock({ entities }),
      store,
      logger: mockServices.logger.mock(),
    });

  it("leaves what the team's other running previews do not use", async () => {
    expect(await budget(40).facts(checkout, 'preview-pr-1', source)).toEqual({
      estimatedMonthlyUsd: 40,
      estimatedMonthlyCents: 4000,
      // $100 - $30 - $25: search's and the destroyed preview do not count.
      previewBudgetRemainingCents: 4500,
    });
  });

  it('does not count the preview it replaces', async () => {
    const facts = await budget(40).facts(
      component('ledger', 'payments'),
      'preview-a',
      source,
    );
    expect(facts.previewBudgetRemainingCents).toBe(7500);
  });

  it('prices a long-lived environment without holding it against the preview budget', async () => {
    expect(await budget(12.5).facts(checkout, 'local', source)).toEqual({
      estimatedMonthlyUsd: 12.5,
      estimatedMonthlyCents: 1250,
    });
  });

  it('gives no facts when the cost plugin does not answer, and says why', async () => {
    expect(
      await budget(new Error('connect ECONNREFUSED')).facts(
        checkout,
        'preview-pr-1',
        source,
      ),
    ).toEqual({ note: 'no estimate: connect ECONNREFUSED' });
  });
});
