import { mockServices } from '@backstage/backend-test-utils';
import { AuditEventInput } from '@pave/plugin-audit-common';
import { AuditJournal, AuditSink, SpoolFile } from '@pave/plugin-audit-node';
import knexFactory, { Knex } from 'knex';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditTestDatabases } from '../__testUtils__/databases';
import { auditEvent } from '../__testUtils__/events';
import { FaultyProxy } from '../__testUtils__/FaultyProxy';
import { DatabaseAuditStore } from './DatabaseAuditStore';

jest.setTimeout(120_000);

const databases = auditTestDatabases();

/**
 * The outage: on PostgreSQL the server goes away under the store's pooled
 * connections (a proxy resets them and refuses new ones); on SQLite, which
 * has no server to lose, every write fails while it lasts.
 */
interface Outage {
  sink: AuditSink;
  begin(): void;
  end(): void;
  close(): Promise<void>;
}

async function outageFor(
  id: string,
  knex: Knex,
  store: DatabaseAuditStore,
): Promise<Outage> {
  if (id === 'SQLITE_3') {
    let down = false;
    const failing = () =>
      Promise.reject(new Error('SQLITE_IOERR: disk I/O error'));
    return {
      sink: {
        append: (events, options) =>
          down ? failing() : store.append(events, options),
        ping: () => (down ? failing() : store.ping()),
      },
      begin: () => (down = true),
      end: () => (down = false),
      close: async () => {},
    };
  }
  const connection = knex.client.config.connection as Knex.PgConnectionConfig;
  const proxy = new FaultyProxy({
    host: connection.host ?? '127.0.0.1',
    port: Number(connection.port ?? 5432),
  });
  const port = await proxy.start();
  const viaProxy = knexFactory({
    client: 'pg',
    connection: { ...connection, host: '127.0.0.1', port },
    pool: { min: 0, max: 4 },
    acquireConnectionTimeout: 2000,
  });
  return {
    sink: await DatabaseAuditStore.create({
      knex: viaProxy,
      skipMigrations: true,
    }),
    begin: () => proxy.cut(),
    end: () => proxy.restore(),
    close: async () => {
      await viaProxy.destroy();
      await proxy.stop();
    },
  };
}

describe.each(databases.eachSupportedId())('journal and store on %s', id => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'audit-recovery-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('loses nothing when the database stops mid-stream and comes back', async () => {
    const knex = await databases.init(id);
    const store = await DatabaseAuditStore.create({ knex });
    const outage = await outageFor(id, knex, store);
    const journal = new AuditJournal({
      spool: new SpoolFile(dir),
      logger: mockServices.logger.mock(),
      batchSize: 50,
      writeTimeoutMs: 1000,
      retryDelayMs: 100,
    });
    journal.attach(outage.sink);

    const sent: AuditEventInput[] = [];
    let longestAckMs = 0;
    async function stream(count: number) {
      for (let i = 0; i < count; i += 10) {
        const burst = Array.from({ length: 10 }, () =>
          auditEvent({ entityRefs: ['component:default/orders'] }),
        );
        sent.push(...burst);
        const started = Date.now();
        await Promise.all(burst.map(e => journal.append(e)));
        longestAckMs = Math.max(longestAckMs, Date.now() - started);
      }
    }

    await stream(200);
    outage.begin();
    await stream(200); // acknowledged while the database is gone
    expect((await journal.status()).healthy).toBe(false);
    expect((await journal.status()).spooledBytes).toBeGreaterThan(0);
    outage.end();
    await stream(200);

    const deadline = Date.now() + 30_000;
    for (;;) {
      const status = await journal.status();
      if (status.healthy && status.queued === 0 && status.spooledBytes === 0)
        break;
      if (Date.now() > deadline)
        throw new Error(`not recovered: ${JSON.stringify(status)}`);
      await new Promise(r => setTimeout(r, 50));
    }
    await journal.close();
    await outage.close();

    // Every acknowledged event, once, in the order it was sent.
    const stored = await knex('audit_events').orderBy('seq').pluck('id');
    expect(stored).toHaveLength(600);
    expect(stored).toEqual(sent.map(e => e.id));
    expect(await store.verify()).toMatchObject({ valid: true, checked: 600 });
    const trail = await store.query(
      { entityRef: 'component:default/orders' },
      { limit: 500, order: 'desc' },
    );
    expect(trail.items).toHaveLength(500);
    // A dead database costs a request at most about one write timeout.
    expect(longestAckMs).toBeLessThan(3000);
  });
});
