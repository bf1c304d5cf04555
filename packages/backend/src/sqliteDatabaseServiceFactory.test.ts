import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import knexFactory from 'knex';
import { join } from 'node:path';
import { sqliteDatabaseServiceFactory } from './sqliteDatabaseServiceFactory';

describe('sqliteDatabaseServiceFactory', () => {
  const directory = createMockDirectory();

  it("puts each plugin's SQLite file in write-ahead-log mode, keeping its data", async () => {
    let written: unknown;
    const probe = createBackendPlugin({
      pluginId: 'probe',
      register(env) {
        env.registerInit({
          deps: { database: coreServices.database },
          async init({ database }) {
            const knex = await database.getClient();
            // Every caller gets the same client.
            expect(await database.getClient()).toBe(knex);
            await knex.schema.createTable('things', t => t.string('name'));
            await knex('things').insert({ name: 'kept' });
            written = await knex('things').select('name');
          },
        });
      },
    });
    const backend = await startTestBackend({
      features: [
        probe,
        sqliteDatabaseServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            backend: {
              database: {
                client: 'better-sqlite3',
                connection: { directory: directory.path },
              },
            },
          },
        }),
      ],
    });
    expect(written).toEqual([{ name: 'kept' }]);
    await backend.stop();

    // The mode is the file's: another connection sees it, and the row.
    const file = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: join(directory.path, 'probe.sqlite') },
      useNullAsDefault: true,
    });
    try {
      expect(await file.raw('PRAGMA journal_mode')).toEqual([
        { journal_mode: 'wal' },
      ]);
      expect(await file('things').select('name')).toEqual([{ name: 'kept' }]);
    } finally {
      await file.destroy();
    }
  });
});
