import { TestDatabases } from '@backstage/backend-test-utils';

/**
 * SQLite and PostgreSQL 15, like every Pave store. PostgreSQL comes from
 * `BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING` (scripts/test.sh
 * starts a server); on CI a missing server fails the run.
 */
export function upgradesTestDatabases(): TestDatabases {
  if (
    process.env.CI &&
    !process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
  ) {
    throw new Error(
      'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is not set; run the tests through scripts/test.sh',
    );
  }
  return TestDatabases.create({
    ids: ['SQLITE_3', 'POSTGRES_15'],
    disableDocker: true,
  });
}
