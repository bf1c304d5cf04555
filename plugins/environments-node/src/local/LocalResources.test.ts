/*
 * The local target against the real servers from Debian's packages
 * (scripts/test.sh installs them): what one service gets, that it cannot
 * reach another's, that a dropped database and a killed server come back,
 * and that destroying leaves nothing behind.
 */
import { chmod, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import amqp from 'amqplib';
import Redis from 'ioredis';
import mysql from 'mysql2/promise';
import { Client } from 'pg';
import { LocalResources } from './LocalResources';
import { adminQuery } from './servers/postgresServer';
import { RabbitEndpoint, management } from './servers/rabbitmqServer';

// RabbitMQ takes ~6 s to start on this machine; the rest well under one.
jest.setTimeout(120_000);

let root: string;
let local: LocalResources;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'pave-local-'));
  // PostgreSQL and RabbitMQ run as their own users: they must reach it.
  await chmod(root, 0o711);
  local = new LocalResources(root);
});
afterAll(async () => {
  await local?.stop();
  await rm(root, { recursive: true, force: true });
});

const unit = (service: string, resource = 'db') => ({
  service,
  environment: 'dev',
  resource,
});

async function pgConnect(o: Record<string, string>, database = o.database) {
  const client = new Client({
    host: o.host,
    port: Number(o.port),
    user: o.username,
    password: o.password,
    database,
    connectionTimeoutMillis: 3000,
  });
  await client.connect();
  return client;
}

describe('LocalResources on real servers', () => {
  it('gives each service its own PostgreSQL database, closed to the others', async () => {
    const a = await local.provision(unit('orders'), 'postgres');
    const b = await local.provision(unit('refunds'), 'postgres');
    expect(a).toEqual({
      host: '127.0.0.1',
      port: expect.stringMatching(/^\d+$/),
      name: 'orders_dev_db',
      database: 'orders_dev_db',
      username: 'orders_dev_db',
      password: expect.stringMatching(/^[\w-]{32}$/),
    });
    const own = await pgConnect(a);
    await own.query('CREATE TABLE refunds_seen (id int)');
    await own.end();
    await expect(pgConnect(a, b.database)).rejects.toThrow(
      /permission denied for database/,
    );
    await expect(pgConnect({ ...a, password: b.password })).rejects.toThrow(
      /password authentication failed/,
    );
  });

  it('brings a dropped database back when provisioned again, with the same credentials', async () => {
    const first = await local.provision(unit('ledger'), 'postgres');
    await adminQuery(
      await local.ensureServer('postgres'),
      'DROP DATABASE ledger_dev_db WITH (FORCE)',
    );
    await expect(pgConnect(first)).rejects.toThrow(/does not exist/);
    expect(await local.provision(unit('ledger'), 'postgres')).toEqual(first);
    await (await pgConnect(first)).end();
  });

  it('keeps credentials in files only their owner can read', async () => {
    const file = path.join(root, 'credentials/orders/dev/db.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(path.join(root, 'credentials'))).mode & 0o777).toBe(
      0o700,
    );
  });

  it('confines each service to its own MariaDB database', async () => {
    const a = await local.provision(unit('orders', 'reporting'), 'mysql');
    const b = await local.provision(unit('refunds', 'reporting'), 'mysql');
    const connect = (o: Record<string, string>, database: string) =>
      mysql.createConnection({
        host: o.host,
        port: Number(o.port),
        user: o.username,
        password: o.password,
        database,
      });
    const own = await connect(a, a.database);
    await own.query('CREATE TABLE t (id int)');
    await own.end();
    await expect(connect(a, b.database)).rejects.toThrow(/Access denied/);
  });

  it("confines each service's Redis user to its own key prefix", async () => {
    const a = await local.provision(unit('orders', 'cache'), 'redis');
    const b = await local.provision(unit('refunds', 'cache'), 'redis');
    const connect = (o: Record<string, string>) =>
      new Redis({
        host: o.host,
        port: Number(o.port),
        username: o.username,
        password: o.password,
        maxRetriesPerRequest: 0,
        // INFO is among the dangerous commands a service user lacks.
        enableReadyCheck: false,
      });
    const ra = await connect(a);
    const rb = await connect(b);
    try {
      await rb.set(`${b.prefix}secret`, 'b-only');
      await ra.set(`${a.prefix}basket`, '3');
      expect(await ra.get(`${a.prefix}basket`)).toBe('3');
      await expect(ra.get(`${b.prefix}secret`)).rejects.toThrow(/NOPERM/);
      await expect(ra.flushall()).rejects.toThrow(/NOPERM/);
    } finally {
      ra.disconnect();
      rb.disconnect();
    }
  });

  it('restarts a killed server by itself', async () => {
    const server = local.server('redis');
    const before = server.pid!;
    process.kill(before, 'SIGKILL');
    const started = Date.now();
    let after: number | undefined;
    while (Date.now() - started < 10_000) {
      after = server.pid;
      if (after && after !== before) break;
      await new Promise(r => setTimeout(r, 50));
    }
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    // Its users survived in the ACL file.
    const a = await local.provision(unit('orders', 'cache'), 'redis');
    const redis = new Redis({
      host: a.host,
      port: Number(a.port),
      username: a.username,
      password: a.password,
      maxRetriesPerRequest: 0,
      enableReadyCheck: false,
    });
    expect(await redis.get(`${a.prefix}basket`)).toBe('3');
    redis.disconnect();
  });

  it('gives each service its own RabbitMQ vhost, closed to the others', async () => {
    const a = await local.provision(unit('orders', 'jobs'), 'amqp');
    const b = await local.provision(unit('refunds', 'jobs'), 'amqp');
    const url = (o: Record<string, string>, vhost: string) =>
      `amqp://${o.username}:${o.password}@${o.host}:${
        o.port
      }/${encodeURIComponent(vhost)}`;
    const own = await amqp.connect(url(a, a.vhost));
    const channel = await own.createChannel();
    await channel.assertQueue('orders');
    await channel.close();
    await own.close();
    // The broker closes the connection instead of opening it (NOT_ALLOWED).
    await expect(amqp.connect(url(a, b.vhost))).rejects.toThrow(
      /Expected ConnectionOpenOk; got <ConnectionClose/,
    );
    const rabbit = (await local.server('rabbitmq').ensure()) as RabbitEndpoint;
    const permissions = await (
      await management(rabbit, 'GET', `/api/users/${a.username}/permissions`)
    ).json();
    expect(permissions.map((p: { vhost: string }) => p.vhost)).toEqual([
      a.vhost,
    ]);
  });

  it('declares a queue with its dead-letter queue, reached by its URL alone', async () => {
    const jobs = await local.provision(unit('billing', 'jobs'), 'queue');
    expect(jobs.name).toBe('jobs');
    const connection = await amqp.connect(jobs.url);
    try {
      const channel = await connection.createChannel();
      // checkQueue fails unless the queue exists; the provisioner made both.
      expect((await channel.checkQueue('jobs')).queue).toBe('jobs');
      expect((await channel.checkQueue('jobs-dlq')).queue).toBe('jobs-dlq');
      channel.sendToQueue('jobs', Buffer.from('{"id":1}'));
      await channel.close();
      const consumer = await connection.createChannel();
      const got = await new Promise<amqp.ConsumeMessage | null>(resolve => {
        consumer.consume('jobs', resolve, { noAck: false });
      });
      // Rejected without requeue: dead-lettered beside it.
      consumer.nack(got!, false, false);
      await new Promise(r => setTimeout(r, 200));
      expect((await consumer.checkQueue('jobs-dlq')).messageCount).toBe(1);
      await consumer.close();
    } finally {
      await connection.close();
    }
  });

  it('destroys what it provisioned: database, role, keys, vhost and credentials', async () => {
    const db = await local.provision(unit('refunds'), 'postgres');
    const jobs = await local.provision(unit('refunds', 'jobs'), 'amqp');
    await local.deprovision(unit('refunds'), 'postgres');
    await local.deprovision(unit('refunds', 'jobs'), 'amqp');
    await local.deprovision(unit('refunds', 'cache'), 'redis');
    await local.deprovision(unit('refunds', 'reporting'), 'mysql');

    const left = await adminQuery(
      await local.ensureServer('postgres'),
      'SELECT (SELECT count(*) FROM pg_database WHERE datname = $1)::int AS dbs, (SELECT count(*) FROM pg_roles WHERE rolname = $1)::int AS roles',
      [db.database],
    );
    expect(left.rows[0]).toEqual({ dbs: 0, roles: 0 });

    const rabbit = (await local.server('rabbitmq').ensure()) as RabbitEndpoint;
    expect(
      (await management(rabbit, 'GET', `/api/vhosts/${jobs.vhost}`)).status,
    ).toBe(404);
    expect(
      (await management(rabbit, 'GET', `/api/users/${jobs.username}`)).status,
    ).toBe(404);
    await expect(
      stat(path.join(root, 'credentials/refunds/dev/db.json')),
    ).rejects.toThrow(/ENOENT/);
  });
});
