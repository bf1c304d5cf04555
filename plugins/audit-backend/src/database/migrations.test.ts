import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { auditTestDatabases } from '../__testUtils__/databases';
import { auditEvent } from '../__testUtils__/events';
import { DatabaseAuditStore } from './DatabaseAuditStore';

jest.setTimeout(60_000);

const databases = auditTestDatabases();
const directory = resolvePackagePath(
  '@pave/plugin-audit-backend',
  'migrations',
);

describe.each(databases.eachSupportedId())('audit migrations on %s', id => {
  it('migrates up to a working store, and down without leftovers', async () => {
    const knex = await databases.init(id);
    await knex.migrate.latest({ directory });
    const store = await DatabaseAuditStore.create({
      knex,
      skipMigrations: true,
    });
    await store.append([auditEvent(), auditEvent()]);
    expect((await store.verify()).checked).toBe(2);

    // Running the migrations again keeps the data.
    await knex.migrate.latest({ directory });
    expect((await store.verify()).valid).toBe(true);
    expect((await store.verify()).checked).toBe(2);

    await knex.migrate.rollback({ directory }, true);
    expect(await knex.schema.hasTable('audit_events')).toBe(false);
    expect(await knex.schema.hasTable('audit_event_entities')).toBe(false);
  });
});
