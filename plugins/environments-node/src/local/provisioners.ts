import { Client } from 'pg';
import mysql from 'mysql2/promise';
import { ServerEndpoint } from './servers/LocalServer';
import { adminQuery } from './servers/postgresServer';
import { adminConnection } from './servers/mariadbServer';
import { withAdmin } from './servers/redisServer';
import { RabbitEndpoint, management } from './servers/rabbitmqServer';

/** The name and password of what one unit gets on a server. */
export interface UnitCredentials {
  name: string;
  password: string;
}

/**
 * Creates (or repairs) a unit's role and database on PostgreSQL: the role
 * owns the database, nobody else may connect to it. Idempotent, so the
 * reconciler can call it to bring back a dropped database.
 */
export async function provisionPostgres(
  endpoint: ServerEndpoint,
  { name, password }: UnitCredentials,
) {
  const id = Client.prototype.escapeIdentifier(name);
  const secret = Client.prototype.escapeLiteral(password);
  const role = await adminQuery(
    endpoint,
    'SELECT 1 FROM pg_roles WHERE rolname = $1',
    [name],
  );
  await adminQuery(
    endpoint,
    role.rowCount
      ? `ALTER ROLE ${id} WITH LOGIN PASSWORD ${secret}`
      : `CREATE ROLE ${id} WITH LOGIN PASSWORD ${secret}`,
  );
  const db = await adminQuery(
    endpoint,
    'SELECT 1 FROM pg_database WHERE datname = $1',
    [name],
  );
  if (!db.rowCount) {
    await adminQuery(endpoint, `CREATE DATABASE ${id} OWNER ${id}`);
  }
  await adminQuery(endpoint, `REVOKE ALL ON DATABASE ${id} FROM PUBLIC`);
}

/** Drops a unit's database (disconnecting its sessions) and role. */
export async function deprovisionPostgres(
  endpoint: ServerEndpoint,
  name: string,
) {
  const id = Client.prototype.escapeIdentifier(name);
  await adminQuery(endpoint, `DROP DATABASE IF EXISTS ${id} WITH (FORCE)`);
  await adminQuery(endpoint, `DROP ROLE IF EXISTS ${id}`);
}

/** A unit's database and user on MariaDB, granted that database only. */
export async function provisionMysql(
  endpoint: ServerEndpoint,
  { name, password }: UnitCredentials,
) {
  const admin = await adminConnection(endpoint);
  try {
    await admin.query(`CREATE DATABASE IF NOT EXISTS ${mysql.escapeId(name)}`);
    await admin.query('CREATE USER IF NOT EXISTS ?@? IDENTIFIED BY ?', [
      name,
      '127.0.0.1',
      password,
    ]);
    await admin.query('ALTER USER ?@? IDENTIFIED BY ?', [
      name,
      '127.0.0.1',
      password,
    ]);
    await admin.query(
      `GRANT ALL PRIVILEGES ON ${mysql.escapeId(name)}.* TO ?@?`,
      [name, '127.0.0.1'],
    );
  } finally {
    await admin.end();
  }
}

/** Drops a unit's database and user on MariaDB. */
export async function deprovisionMysql(endpoint: ServerEndpoint, name: string) {
  const admin = await adminConnection(endpoint);
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${mysql.escapeId(name)}`);
    await admin.query('DROP USER IF EXISTS ?@?', [name, '127.0.0.1']);
  } finally {
    await admin.end();
  }
}

/**
 * A Redis ACL user confined to keys and channels under `<name>:`, without
 * the dangerous commands (FLUSHALL, CONFIG, KEYS…).
 */
export async function provisionRedis(
  endpoint: ServerEndpoint,
  { name, password }: UnitCredentials,
) {
  await withAdmin(endpoint, async redis => {
    await redis.call(
      'ACL',
      'SETUSER',
      name,
      'reset',
      'on',
      `>${password}`,
      `~${name}:*`,
      `&${name}:*`,
      '+@all',
      '-@dangerous',
    );
    await redis.call('ACL', 'SAVE');
  });
}

/** Deletes a unit's keys and its ACL user. */
export async function deprovisionRedis(endpoint: ServerEndpoint, name: string) {
  await withAdmin(endpoint, async redis => {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(
        cursor,
        'MATCH',
        `${name}:*`,
        'COUNT',
        500,
      );
      if (keys.length) {
        await redis.del(...keys);
      }
      cursor = next;
    } while (cursor !== '0');
    await redis.call('ACL', 'DELUSER', name);
    await redis.call('ACL', 'SAVE');
  });
}

async function expectOk(response: Response, what: string) {
  if (!response.ok && response.status !== 404) {
    throw new Error(
      `RabbitMQ ${what}: HTTP ${response.status} ${await response.text()}`,
    );
  }
}

/** A unit's vhost and a user with every permission on it, and none elsewhere. */
export async function provisionRabbitmq(
  endpoint: RabbitEndpoint,
  { name, password }: UnitCredentials,
  declare?: { type: 'queue' | 'topic'; name: string },
) {
  const vhost = encodeURIComponent(name);
  await expectOk(
    await management(endpoint, 'PUT', `/api/vhosts/${vhost}`, {}),
    `vhost ${name}`,
  );
  await expectOk(
    await management(
      endpoint,
      'PUT',
      `/api/users/${encodeURIComponent(name)}`,
      { password, tags: '' },
    ),
    `user ${name}`,
  );
  await expectOk(
    await management(
      endpoint,
      'PUT',
      `/api/permissions/${vhost}/${encodeURIComponent(name)}`,
      {
        configure: '.*',
        write: '.*',
        read: '.*',
      },
    ),
    `permissions of ${name}`,
  );
  if (declare?.type === 'queue') {
    // As in the clouds: a durable queue, and a dead-letter queue beside it
    // where rejected messages go.
    const dlq = `${declare.name}-dlq`;
    await expectOk(
      await management(
        endpoint,
        'PUT',
        `/api/queues/${vhost}/${encodeURIComponent(dlq)}`,
        { durable: true, auto_delete: false, arguments: {} },
      ),
      `queue ${dlq}`,
    );
    await expectOk(
      await management(
        endpoint,
        'PUT',
        `/api/queues/${vhost}/${encodeURIComponent(declare.name)}`,
        {
          durable: true,
          auto_delete: false,
          arguments: {
            'x-dead-letter-exchange': '',
            'x-dead-letter-routing-key': dlq,
          },
        },
      ),
      `queue ${declare.name}`,
    );
  } else if (declare?.type === 'topic') {
    await expectOk(
      await management(
        endpoint,
        'PUT',
        `/api/exchanges/${vhost}/${encodeURIComponent(declare.name)}`,
        { type: 'fanout', durable: true, auto_delete: false, arguments: {} },
      ),
      `exchange ${declare.name}`,
    );
  }
}

/** Deletes a unit's vhost (and its queues) and user. */
export async function deprovisionRabbitmq(
  endpoint: RabbitEndpoint,
  name: string,
) {
  await expectOk(
    await management(
      endpoint,
      'DELETE',
      `/api/vhosts/${encodeURIComponent(name)}`,
    ),
    `vhost ${name}`,
  );
  await expectOk(
    await management(
      endpoint,
      'DELETE',
      `/api/users/${encodeURIComponent(name)}`,
    ),
    `user ${name}`,
  );
}

/** Whether a unit's database and role are there on PostgreSQL. */
export async function postgresExists(endpoint: ServerEndpoint, name: string) {
  const result = await adminQuery(
    endpoint,
    'SELECT (SELECT count(*) FROM pg_database WHERE datname = $1)::int + (SELECT count(*) FROM pg_roles WHERE rolname = $1)::int AS n',
    [name],
  );
  return result.rows[0].n === 2;
}

/** Whether a unit's database is there on MariaDB. */
export async function mysqlExists(endpoint: ServerEndpoint, name: string) {
  const admin = await adminConnection(endpoint);
  try {
    const [rows] = await admin.query(
      'SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?',
      [name],
    );
    return (rows as unknown[]).length === 1;
  } finally {
    await admin.end();
  }
}

/** Whether a unit's ACL user is there on Redis. */
export async function redisExists(endpoint: ServerEndpoint, name: string) {
  return withAdmin(
    endpoint,
    async redis => (await redis.call('ACL', 'GETUSER', name)) !== null,
  );
}

/** Whether a unit's vhost is there on RabbitMQ. */
export async function rabbitmqExists(endpoint: RabbitEndpoint, name: string) {
  return (
    await management(endpoint, 'GET', `/api/vhosts/${encodeURIComponent(name)}`)
  ).ok;
}
