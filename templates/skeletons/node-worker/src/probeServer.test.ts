import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { createProbeServer } from './probeServer';
import { Readiness } from './readiness';

test('healthz always answers; readyz follows the readiness phases', async () => {
  const readiness = new Readiness([
    () => Promise.resolve({ name: 'jobs', type: 'queue', ok: true, detail: 'consuming jobs' }),
  ]);
  const server = createProbeServer(readiness).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const status = async (path: string) => (await fetch(base + path)).status;
  try {
    assert.equal(await status('/healthz'), 200);
    assert.equal(await status('/readyz'), 503);
    readiness.markReady();
    const ready = await fetch(`${base}/readyz`);
    assert.equal(ready.status, 200);
    assert.equal(((await ready.json()) as { dependencies: unknown[] }).dependencies.length, 1);
    readiness.markDraining();
    assert.equal(await status('/readyz'), 503);
    assert.equal(await status('/healthz'), 200);
    assert.equal(await status('/metrics'), 404);
  } finally {
    server.close();
  }
});
