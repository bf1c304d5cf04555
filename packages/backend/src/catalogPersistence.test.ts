import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import { JsonObject } from '@backstage/types';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import knexFactory from 'knex';
import request from 'supertest';

/**
 * The catalog, the permission backend and Pave's policy on a real database —
 * a SQLite file and a PostgreSQL server — as the portal runs them. Proves
 * that access is enforced on the REST API and that what is registered
 * survives a restart.
 */

const PG_URL = process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;

if (process.env.CI && !PG_URL) {
  // CI must test PostgreSQL; scripts/test.sh starts a server and sets this.
  throw new Error(
    'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is not set; run the tests through scripts/test.sh',
  );
}

const PLATFORM_ENGINEER = 'user:default/amara.okafor';
const PAYMENTS_DEVELOPER = 'user:default/tom.becker';
const MEMBERSHIPS: Record<string, string[]> = {
  [PLATFORM_ENGINEER]: ['group:default/platform'],
  [PAYMENTS_DEVELOPER]: ['group:default/payments'],
};

// Identity tokens are the auth backend's business; here each user's groups
// come from a fixed table, the way the catalog sign-in resolver would fill them.
const userInfoFromMemberships = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => ({
    async getUserInfo(credentials) {
      const principal = credentials.principal as { userEntityRef: string };
      const ref = principal.userEntityRef;
      return {
        userEntityRef: ref,
        ownershipEntityRefs: [ref, ...(MEMBERSHIPS[ref] ?? [])],
      };
    },
  }),
});

const SYSTEMS_YAML = readFileSync(
  resolve(__dirname, '../../../catalog/systems.yaml'),
);

// The catalog only lets the API register `url` locations; serve the seeded
// systems over loopback HTTP, as a git host would.
let yamlServer: Server;
let yamlHost: string;
let SYSTEMS_URL: string;
beforeAll(async () => {
  yamlServer = createServer((req, res) => {
    if (req.url !== '/catalog/systems.yaml') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/yaml' }).end(SYSTEMS_YAML);
  });
  await new Promise<void>(r => yamlServer.listen(0, '127.0.0.1', r));
  const { port } = yamlServer.address() as AddressInfo;
  yamlHost = `127.0.0.1:${port}`;
  SYSTEMS_URL = `http://${yamlHost}/catalog/systems.yaml`;
});
afterAll(async () => {
  await new Promise(r => yamlServer.close(r));
});

type Store = {
  name: string;
  database: JsonObject;
  cleanup: () => Promise<void>;
};

function sqliteStore(): Store {
  const directory = mkdtempSync(join(tmpdir(), 'pave-sqlite-'));
  return {
    name: 'SQLite file',
    database: { client: 'better-sqlite3', connection: { directory } },
    cleanup: async () => rmSync(directory, { recursive: true, force: true }),
  };
}

function postgresStore(url: string): Store {
  // One database per plugin, all under a prefix unique to this run.
  const prefix = `pave_test_${randomBytes(4).toString('hex')}_`;
  return {
    name: 'PostgreSQL',
    database: { client: 'pg', connection: url, prefix },
    cleanup: async () => {
      const admin = knexFactory({ client: 'pg', connection: url });
      try {
        const { rows } = await admin.raw(
          'SELECT datname FROM pg_database WHERE datname LIKE ?',
          [`${prefix}%`],
        );
        for (const { datname } of rows as { datname: string }[]) {
          await admin.raw('DROP DATABASE ?? WITH (FORCE)', [datname]);
        }
      } finally {
        await admin.destroy();
      }
    },
  };
}

const stores: Array<[string, () => Store]> = [
  ['SQLite file', sqliteStore],
  ...(PG_URL
    ? [['PostgreSQL', () => postgresStore(PG_URL)] as [string, () => Store]]
    : []),
];

describe.each(stores)('catalog on %s', (_name, makeStore) => {
  let store: Store;

  beforeAll(() => {
    store = makeStore();
  });
  afterAll(async () => {
    await store.cleanup();
  });

  function start() {
    return startTestBackend({
      features: [
        require('@backstage/plugin-catalog-backend').default,
        require('@backstage/plugin-permission-backend').default,
        require('@pave/plugin-permission-backend-module-pave-policy').default,
        databaseServiceFactory,
        userInfoFromMemberships,
        mockServices.rootConfig.factory({
          data: {
            backend: {
              database: store.database,
              reading: { allow: [{ host: yamlHost }] },
            },
            permission: { enabled: true },
            pave: {
              permissions: { platformGroup: 'group:default/platform' },
              // The permission policy asks Cedar about templates and tasks.
              policy: { directory: resolve(__dirname, '../../../policies') },
            },
            catalog: {
              rules: [{ allow: ['System', 'Domain', 'Location'] }],
            },
          },
        }),
      ],
    });
  }

  it('refuses anonymous and non-platform registrations, keeps platform ones across a restart', async () => {
    const location = { type: 'url', target: SYSTEMS_URL };

    const first = await start();
    const anonymous = await request(first.server)
      .post('/api/catalog/locations')
      .set('Authorization', mockCredentials.none.header())
      .send(location);
    expect(anonymous.status).toBe(401);

    const developer = await request(first.server)
      .post('/api/catalog/locations')
      .set('Authorization', mockCredentials.user.header(PAYMENTS_DEVELOPER))
      .send(location);
    expect(developer.status).toBe(403);

    const platform = await request(first.server)
      .post('/api/catalog/locations')
      .set('Authorization', mockCredentials.user.header(PLATFORM_ENGINEER))
      .send(location);
    expect(platform.status).toBe(201);
    const id: string = platform.body.location.id;
    await first.stop();

    const second = await start();
    try {
      const locations = await request(second.server)
        .get('/api/catalog/locations')
        .set('Authorization', mockCredentials.user.header(PAYMENTS_DEVELOPER));
      expect(locations.status).toBe(200);
      expect(locations.body).toContainEqual({
        data: expect.objectContaining({ id, type: 'url', target: SYSTEMS_URL }),
      });

      // The restarted catalog goes on ingesting what the location names.
      // (Read as a service: the test auth cannot mint the on-behalf-of user
      // tokens the permission backend expects for conditional reads.)
      const readSystem = () =>
        request(second.server)
          .get('/api/catalog/entities/by-name/system/default/payments-platform')
          .set('Authorization', mockCredentials.service.header());
      const deadline = Date.now() + 30_000;
      let system = await readSystem();
      while (system.status === 404 && Date.now() < deadline) {
        await new Promise(r => setTimeout(r, 250));
        system = await readSystem();
      }
      expect(system.status).toBe(200);
      expect(system.body.spec.owner).toBe('group:default/payments');

      // Unregistering is reserved for the platform team as well.
      const removeAsDeveloper = await request(second.server)
        .delete(`/api/catalog/locations/${id}`)
        .set('Authorization', mockCredentials.user.header(PAYMENTS_DEVELOPER));
      expect(removeAsDeveloper.status).toBe(403);
    } finally {
      await second.stop();
    }
  }, 120_000); // a hang guard: two backend starts and an ingestion
});
