import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ConfigReader } from '@backstage/config';
import { EnvironmentRegistry, InfraService } from '@pave/plugin-infra-node';
import { testInfraConfig } from '@pave/plugin-infra-node/testUtils';
import { resolve } from 'node:path';
import { DatabaseCostStore } from '../database/DatabaseCostStore';
import { CatalogEstimates } from './CatalogEstimates';
import { CostEstimator, PricingCatalog } from '@pave/plugin-cost-node';

function resource(name: string, environment: string, size: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: `orders-${name}-${environment}`,
      namespace: 'default',
      annotations: {
        'pave.dev/environment': environment,
        'pave.dev/resource-type': 'postgres',
        'pave.dev/size': size,
        'pave.dev/workload-resource': name,
      },
    },
    spec: { type: 'database', owner: 'payments' },
  };
}

function orders(resources: Entity[]): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'orders', namespace: 'default' },
    spec: { type: 'service', owner: 'payments' },
    relations: [
      { type: 'ownedBy', targetRef: 'group:default/payments' },
      ...resources.map(r => ({
        type: 'dependsOn',
        targetRef: `resource:default/${r.metadata.name}`,
      })),
    ],
  };
}

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('CatalogEstimates', () => {
  async function setup(entities: Entity[]) {
    const knex = await databases.init('SQLITE_3');
    const store = await DatabaseCostStore.create({ knex });
    const estimator = new CostEstimator({
      catalog: await PricingCatalog.fromDirectory(
        resolve(__dirname, '../../../../pricing'),
      ),
    });
    const refresher = (catalogEntities: Entity[]) =>
      new CatalogEstimates({
        catalog: catalogServiceMock({ entities: catalogEntities }),
        auth: mockServices.auth(),
        infra: new InfraService(
          EnvironmentRegistry.fromConfig(
            new ConfigReader({ pave: { infra: testInfraConfig } }),
          ),
        ),
        estimator,
        store,
        logger: mockServices.logger.mock(),
      });
    return { store, refresher, first: refresher(entities) };
  }

  it('records an estimate from catalog Resources when they change, once', async () => {
    const resources = [
      resource('db', 'dev', 'small'),
      resource('db', 'prod', 'small'),
    ];
    const { store, refresher, first } = await setup([
      orders(resources),
      ...resources,
    ]);

    expect(await first.refresh()).toEqual({
      components: 1,
      recorded: 1,
      unchanged: 0,
      failed: [],
    });
    expect(await first.refresh()).toMatchObject({ recorded: 0, unchanged: 1 });

    const bigger = [
      resource('db', 'dev', 'small'),
      resource('db', 'prod', 'large'),
    ];
    expect(
      await refresher([orders(bigger), ...bigger]).refresh(),
    ).toMatchObject({
      recorded: 1,
    });
    const history = await store.history('component:default/orders');
    expect(history.map(h => h.cause)).toEqual([
      { kind: 'spec-change', detail: 'catalog Resources: dev (1), prod (1)' },
      { kind: 'spec-change', detail: 'catalog Resources: dev (1), prod (1)' },
    ]);
    expect(history[1].byEnvironmentType.prod).toBeGreaterThan(
      history[0].byEnvironmentType.prod!,
    );
    expect(history[1].byEnvironmentType.dev).toBe(
      history[0].byEnvironmentType.dev,
    );
  });

  it('plans a settled component again only when its inputs or its current estimate change', async () => {
    const resources = [resource('db', 'prod', 'small')];
    const { store, first } = await setup([orders(resources), ...resources]);
    const plan = jest.spyOn(InfraService.prototype, 'plan');
    try {
      await first.refresh(); // recorded
      await first.refresh(); // unchanged: settled
      plan.mockClear();
      expect(await first.refresh()).toMatchObject({
        recorded: 0,
        unchanged: 1,
      });
      expect(plan).not.toHaveBeenCalled();

      // Someone else records an estimate: the next round looks again and
      // puts the catalog's back.
      await store.recordEstimate({
        entityRef: 'component:default/orders',
        estimate: {
          currency: 'USD',
          monthlyUsd: 1,
          complete: true,
          environments: [],
        } as any,
        cause: { kind: 'api', detail: 'by hand' },
      });
      expect(await first.refresh()).toMatchObject({ recorded: 1 });
      expect(plan).toHaveBeenCalledTimes(1);
    } finally {
      plan.mockRestore();
    }
  });

  it('reports a component whose Resources do not describe a resource, and goes on', async () => {
    const broken = { ...resource('db', 'dev', 'huge') };
    const { first } = await setup([orders([broken]), broken]);
    const summary = await first.refresh();
    expect(summary.recorded).toBe(0);
    expect(summary.failed).toEqual([
      {
        entityRef: 'component:default/orders',
        message: expect.stringMatching(
          /resource:default\/orders-db-dev: .*size/,
        ),
      },
    ]);
  });
});
