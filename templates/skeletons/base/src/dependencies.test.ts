import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { type DependencyConfig, checkDependency, envPrefix } from './dependencies';

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

test('envPrefix turns a resource name into a variable prefix', () => {
  assert.equal(envPrefix('order-events'), 'ORDER_EVENTS');
});
