import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  TestDatabases,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import knexFactory, { Knex } from 'knex';
import { createServer } from 'node:net';
import request from 'supertest';
import { httpRouterFactory, unavailableAs503 } from './httpRouter';

/** A port nothing listens on: a database that is down. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise(r => server.close(r));
  return port;
}

if (
  process.env.CI &&
  !process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
) {
  throw new Error(
    'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is not set; run the tests through scripts/test.sh',
  );
}
const databases = TestDatabases.create({
  ids: ['POSTGRES_15'],
  disableDocker: true,
});

/**
 * What the root router serves: a plugin's routes, then Backstage's own
 * error middleware (from its MiddlewareFactory), with Pave's before it.
 */
function serverQuerying(query: () => Promise<unknown>) {
  const router = Router();
  router.get('/query', async (_req, res) => {
    res.json(await query());
  });
  router.get('/bad', async () => {
    throw new InputError('name: must be a DNS label');
  });
  const middleware = MiddlewareFactory.create({
    config: mockServices.rootConfig(),
    logger: mockServices.logger.mock(),
  });
  const app = express();
  app.use('/api/probe', router);
  app.use(unavailableAs503);
  app.use(middleware.error());
  return app;
}

describe('unavailableAs503', () => {
  let knex: Knex | undefined;
  afterEach(async () => {
    await knex?.destroy();
    knex = undefined;
  });

  it('answers 503 with Retry-After when PostgreSQL refuses connections, without its address', async () => {
    const port = await closedPort();
    knex = knexFactory({
      client: 'pg',
      connection: { host: '127.0.0.1', port, user: 'pave' },
      pool: { min: 0, max: 1 },
    });
    const backend = serverQuerying(() => knex!.raw('select 1'));
    const res = await request(backend).get('/api/probe/query');
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.body.error).toMatchObject({
      name: 'ServiceUnavailableError',
      message: expect.stringMatching(
        /^Unavailable right now: a connection Pave needs failed \(ECONNREFUSED\)\. Retry in 5 seconds/,
      ),
    });
    expect(JSON.stringify(res.body)).not.toContain(String(port));
  });

  it.each(databases.eachSupportedId())(
    'answers 503 when %p terminates the connection, as a shutdown does',
    async databaseId => {
      knex = await databases.init(databaseId);
      const client = knex;
      // One connection, killed from a second one the way `pg_ctl stop -m
      // fast` kills every session: SQLSTATE 57P01.
      const backend = serverQuerying(() =>
        client.transaction(async tx => {
          const { rows } = await tx.raw('select pg_backend_pid() as pid');
          const killer = knexFactory({
            client: 'pg',
            connection: client.client.config.connection,
          });
          await killer.raw('select pg_terminate_backend(?)', [rows[0].pid]);
          await killer.destroy();
          return tx.raw('select 1');
        }),
      );
      const res = await request(backend).get('/api/probe/query');
      expect(res.status).toBe(503);
      expect(res.body.error.message).toMatch(
        /^Unavailable right now: the database connection was cut\. Retry in 5 seconds/,
      );
    },
  );

  it('leaves every other error as Backstage answers it', async () => {
    const backend = serverQuerying(async () => {
      throw new Error('a bug');
    });
    const bug = await request(backend).get('/api/probe/query');
    expect(bug.status).toBe(500);
    expect(bug.headers['retry-after']).toBeUndefined();
    const bad = await request(backend).get('/api/probe/bad');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('name: must be a DNS label');
  });
});

describe('httpRouterFactory', () => {
  it("gives every plugin's routes the 503, behind Backstage's auth", async () => {
    const port = await closedPort();
    const knex = knexFactory({
      client: 'pg',
      connection: { host: '127.0.0.1', port, user: 'pave' },
      pool: { min: 0, max: 1 },
    });
    const probe = createBackendPlugin({
      pluginId: 'probe',
      register(env) {
        env.registerInit({
          deps: { http: coreServices.httpRouter },
          async init({ http }) {
            const router = Router();
            router.get('/query', async (_req, res) => {
              res.json(await knex.raw('select 1'));
            });
            http.use(router);
          },
        });
      },
    });
    const backend = await startTestBackend({
      features: [probe, httpRouterFactory],
    });
    try {
      const anonymous = await request(backend.server)
        .get('/api/probe/query')
        .set('Authorization', mockCredentials.user.invalidHeader());
      expect(anonymous.status).toBe(401);
      const res = await request(backend.server)
        .get('/api/probe/query')
        .set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(JSON.stringify(res.body)).not.toContain(String(port));
    } finally {
      await backend.stop();
      await knex.destroy();
    }
  });
});
