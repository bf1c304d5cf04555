import {
  AuthService,
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  CatalogService,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { Knex } from 'knex';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  RepositoryStore,
  repositoryFileUrl,
  repositoryUrlReaderFactory,
} from '@pave/repository-store';
import { createCatalogRegisterAction } from './catalogRegister';

const BASE_URL = 'https://git.pave.localhost';

const CATALOG_INFO = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: refunds
spec:
  type: service
  lifecycle: experimental
  owner: group:default/payments
  dependsOn: [resource:default/refunds-db-dev]
---
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata:
  name: refunds-db-dev
spec:
  type: database
  owner: group:default/payments
  dependencyOf: [component:default/refunds]
`;

/**
 * The real catalog on SQLite, reading the repository store through Pave's
 * URL reader; the action gets the catalog and auth services the backend
 * gives plugins.
 */
describe('pave:catalog:register', () => {
  const storeDir = createMockDirectory();
  let store: RepositoryStore;
  let catalog: CatalogService;
  let auth: AuthService;
  /** The catalog's own database, to leave it as a killed replica does. */
  let catalogDb: Knex;

  beforeAll(async () => {
    store = new RepositoryStore(storeDir.path);
    await startTestBackend({
      features: [
        require('@backstage/plugin-catalog-backend').default,
        repositoryUrlReaderFactory,
        mockServices.rootConfig.factory({
          data: {
            pave: { repositories: { directory: storeDir.path } },
            catalog: {
              rules: [{ allow: ['Component', 'Resource', 'Location'] }],
            },
          },
        }),
        createBackendModule({
          pluginId: 'catalog',
          moduleId: 'capture',
          register(reg) {
            reg.registerInit({
              deps: {
                c: catalogServiceRef,
                a: coreServices.auth,
                d: coreServices.database,
              },
              async init({ c, a, d }) {
                catalog = c;
                auth = a;
                catalogDb = await d.getClient();
              },
            });
          },
        }),
      ],
    });
  });

  async function publish(name: string, taskId: string, content: string) {
    const dir = mkdtempSync(join(tmpdir(), 'pave-ws-'));
    writeFileSync(
      join(dir, 'catalog-info.yaml'),
      content.replace(/refunds/g, name),
    );
    await store.create({
      name,
      taskId,
      sourceDir: dir,
      author: { name: 'Tom', email: 'tom@example.com' },
      message: 'Create',
    });
    return repositoryFileUrl(BASE_URL, name, 'main', 'catalog-info.yaml');
  }

  function run(input: Record<string, unknown>, taskId: string) {
    const action = createCatalogRegisterAction({
      catalog,
      auth,
      store,
      pollIntervalMs: 200,
    });
    const ctx = createMockActionContext({ input: input as any });
    (ctx as any).task = { id: taskId };
    const logs: string[] = [];
    for (const level of ['info', 'warn', 'error'] as const) {
      jest.spyOn(ctx.logger, level).mockImplementation(((message: string) => {
        logs.push(`${level}: ${message}`);
      }) as any);
    }
    return { ctx, logs, done: action.handler(ctx) };
  }

  it('registers the repository and waits for every entity it declares', async () => {
    const url = await publish('refunds', 'task-ok', CATALOG_INFO);
    const { ctx, done } = run(
      {
        catalogInfoUrl: url,
        entityRef: 'component:default/refunds',
        expectedEntities: 2,
        repository: 'refunds',
        timeoutSeconds: 60,
      },
      'task-ok',
    );
    await done;
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/refunds',
    );
    const credentials = await auth.getOwnServiceCredentials();
    const resource = await catalog.getEntityByRef(
      'resource:default/refunds-db-dev',
      { credentials },
    );
    expect(resource?.relations).toContainEqual(
      expect.objectContaining({
        type: 'dependencyOf',
        targetRef: 'component:default/refunds',
      }),
    );
  }, 90_000);

  it('mends a location whose registration was killed half-way', async () => {
    const url = await publish('journal', 'task-half', CATALOG_INFO);
    // What Backstage's addLocation leaves when its process dies between its
    // two writes: the location row, and no Location entity to process.
    // (Backstage names that entity after a SHA-1 of the location.)
    const orphan = randomUUID();
    const hash = createHash('sha1').update(`url:${url}`).digest('hex');
    await catalogDb('locations').insert({
      id: orphan,
      type: 'url',
      target: url,
      location_entity_ref: `location:default/generated-${hash}`,
    });
    const { ctx, logs, done } = run(
      {
        catalogInfoUrl: url,
        entityRef: 'component:default/journal',
        expectedEntities: 2,
        repository: 'journal',
        timeoutSeconds: 60,
      },
      'task-half',
    );
    await done;
    expect(logs).toContain(`info: Registered ${url} (location ${orphan})`);
    expect(ctx.output).toHaveBeenCalledWith('locationId', orphan);
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/journal',
    );
  }, 90_000);

  it('rolls back the location, its entities and the repository when the catalog never holds them all', async () => {
    const url = await publish('orders', 'task-bad', CATALOG_INFO);
    const { logs, done } = run(
      {
        catalogInfoUrl: url,
        entityRef: 'component:default/orders',
        // One more than the file declares: the wait can only time out.
        expectedEntities: 3,
        repository: 'orders',
        timeoutSeconds: 5,
      },
      'task-bad',
    );
    await expect(done).rejects.toThrow(
      /The catalog holds [0-2] of 3 entities from .* after 5 s/,
    );
    // Whatever the catalog had ingested by then is named and removed.
    expect(logs).toContainEqual(
      expect.stringMatching(
        /^warn: Rolled back: removed catalog location [^,]+(, (component:default\/orders|resource:default\/orders-db-dev))*, repository orders$/,
      ),
    );
    const credentials = await auth.getOwnServiceCredentials();
    expect(
      await catalog.getLocationByRef(`url:${url}`, { credentials }),
    ).toBeUndefined();
    expect(
      await catalog.getEntityByRef('component:default/orders', { credentials }),
    ).toBeUndefined();
    expect(await store.exists('orders')).toBe(false);
    expect(await store.rollbacks('task-bad')).toBe(1);
  }, 90_000);

  it('never removes a repository another task created', async () => {
    const url = await publish('ledger', 'task-owner', CATALOG_INFO);
    const { logs, done } = run(
      {
        catalogInfoUrl: url,
        entityRef: 'component:default/ledger',
        expectedEntities: 3,
        repository: 'ledger',
        timeoutSeconds: 5,
      },
      'task-other',
    );
    await expect(done).rejects.toThrow(/[0-2] of 3 entities/);
    expect(await store.exists('ledger')).toBe(true);
    expect(logs.join('\n')).not.toMatch(/repository ledger/);
  }, 90_000);
});
