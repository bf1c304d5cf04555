import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import {
  type DependencyConfig,
  type WorkloadResource,
  checkDependency,
  envPrefix,
  resolveDependencies,
} from './dependencies';

const db = { name: 'db', type: 'postgres', size: 'small' } as const;

describe('checkDependency', () => {
  let server: net.Server;
  let openPort: number;
  let closedPort: number;

  before(async () => {
    server = net.createServer(socket => socket.destroy());
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    openPort = (server.address() as net.AddressInfo).port;
    // A port that was free a moment ago: nothing listens there.
    const probe = net.createServer();
    await new Promise<void>(resolve => probe.listen(0, '127.0.0.1', resolve));
    closedPort = (probe.address() as net.AddressInfo).port;
    await new Promise(resolve => probe.close(resolve));
  });
  after(() => server.close());

  test('names the unset variables', async () => {
    const status = await checkDependency({ resource: db, missing: ['DB_HOST'] }, 500);
    assert.deepEqual(status, { name: 'db', type: 'postgres', ok: false, detail: 'not configured: DB_HOST unset' });
  });

  test('is ok when a TCP connection opens', async () => {
    const dependency: DependencyConfig = { resource: db, missing: [], endpoint: { host: '127.0.0.1', port: openPort } };
    const status = await checkDependency(dependency, 500);
    assert.equal(status.ok, true, status.detail);
  });

  test('is not ok when nothing listens', async () => {
    const dependency: DependencyConfig = { resource: db, missing: [], endpoint: { host: '127.0.0.1', port: closedPort } };
    const status = await checkDependency(dependency, 500);
    assert.equal(status.ok, false);
    assert.match(status.detail, /unreachable: ECONNREFUSED/);
  });

  test('trusts configuration alone for HTTPS-reached resources', async () => {
    const queue = { name: 'jobs', type: 'queue', size: 'small' } as const;
    assert.equal((await checkDependency({ resource: queue, missing: [] }, 500)).ok, true);
  });
});

describe('checkDependency with credentials: ready means logged in', () => {
  const cache = { name: 'cache', type: 'redis', size: 'small' } as const;
  let redis: net.Server;
  let redisPort: number;
  let closing: net.Server;
  let closingPort: number;

  before(async () => {
    // Answers AUTH as Redis does: OK for svc/right, WRONGPASS otherwise.
    redis = net.createServer(socket => {
      socket.on('data', chunk => {
        const text = chunk.toString('utf8');
        if (!text.includes('AUTH')) return;
        socket.write(
          text.includes('$3\r\nsvc\r\n$5\r\nright\r\n')
            ? '+OK\r\n+PONG\r\n'
            : '-WRONGPASS invalid username-password pair or user is disabled.\r\n',
        );
      });
    });
    await new Promise<void>(resolve => redis.listen(0, '127.0.0.1', resolve));
    redisPort = (redis.address() as net.AddressInfo).port;
    // Accepts, then hangs up: no database behind it.
    closing = net.createServer(socket => socket.destroy());
    await new Promise<void>(resolve => closing.listen(0, '127.0.0.1', resolve));
    closingPort = (closing.address() as net.AddressInfo).port;
  });
  after(() => {
    redis.close();
    closing.close();
  });

  // As readEnvironment passes them: ports already numbers.
  const config = (env: Record<string, string | number>, resource: WorkloadResource = cache) => {
    const [dependency] = resolveDependencies([resource], env);
    assert.ok(dependency);
    return dependency;
  };

  test('takes the login only where a password is given', () => {
    assert.equal(config({ CACHE_HOST: '127.0.0.1' }).login, undefined);
    assert.deepEqual(config({ CACHE_HOST: 'h', CACHE_USERNAME: 'svc', CACHE_PASSWORD: 'p' }).login, {
      username: 'svc',
      password: 'p',
    });
  });

  test('logs in to Redis and gets PONG', async () => {
    const dependency = config({ CACHE_HOST: '127.0.0.1', CACHE_PORT: redisPort, CACHE_USERNAME: 'svc', CACHE_PASSWORD: 'right' });
    const status = await checkDependency(dependency, 1000);
    assert.equal(status.ok, true, status.detail);
    assert.match(status.detail, /connected as svc/);
  });

  test('is not ready with a wrong password, and never says it', async () => {
    const dependency = config({ CACHE_HOST: '127.0.0.1', CACHE_PORT: redisPort, CACHE_USERNAME: 'svc', CACHE_PASSWORD: 'hunter2' });
    const status = await checkDependency(dependency, 1000);
    assert.equal(status.ok, false);
    assert.match(status.detail, /WRONGPASS/);
    assert.doesNotMatch(status.detail, /hunter2/);
  });

  test('is not ready when PostgreSQL does not answer its login', async () => {
    const db = { name: 'db', type: 'postgres', size: 'small' } as const;
    const dependency = config({ DB_HOST: '127.0.0.1', DB_PORT: closingPort, DB_USERNAME: 'svc', DB_PASSWORD: 'hunter2' }, db);
    const status = await checkDependency(dependency, 1000);
    assert.equal(status.ok, false);
    assert.match(status.detail, /not connected/);
    assert.doesNotMatch(status.detail, /hunter2/);
  });

  test('checks an AMQP queue over AMQP, an HTTPS one by its configuration', async () => {
    const jobs = { name: 'jobs', type: 'queue', size: 'small' } as const;
    const https = config({ JOBS_URL: 'https://sqs.eu-west-1.amazonaws.com/1/jobs' }, jobs);
    assert.equal(https.amqpUrl, undefined);
    assert.equal((await checkDependency(https, 500)).ok, true);
    const url = `amqp://svc:hunter2@127.0.0.1:${closingPort}/svc`;
    const local = config({ JOBS_URL: url, JOBS_NAME: 'jobs' }, jobs);
    assert.equal(local.amqpUrl, url);
    const status = await checkDependency(local, 1000);
    assert.equal(status.ok, false);
    assert.match(status.detail, /^queue jobs not connected/);
    assert.doesNotMatch(status.detail, /hunter2/);
  });
});

test('envPrefix turns a resource name into a variable prefix', () => {
  assert.equal(envPrefix('order-events'), 'ORDER_EVENTS');
});
