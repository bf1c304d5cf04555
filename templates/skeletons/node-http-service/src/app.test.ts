import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildApp } from './app';
import { createLogger } from './logger';
import { Readiness } from './readiness';

function setUp(dependencyOk = true) {
  const readiness = new Readiness([
    () => Promise.resolve({ name: 'db', type: 'postgres', ok: dependencyOk, detail: 'test' }),
  ]);
  const app = buildApp({
    serviceName: 'test-service',
    logger: createLogger({ name: 'test-service', level: 'silent' }),
    readiness,
  });
  return { app, readiness };
}

test('liveness answers in every phase', async () => {
  const { app, readiness } = setUp();
  assert.equal((await app.inject('/healthz')).statusCode, 200);
  readiness.markDraining();
  assert.equal((await app.inject('/healthz')).statusCode, 200);
  await app.close();
});

test('readiness is 503 while starting, 200 when ready, 503 once draining', async () => {
  const { app, readiness } = setUp();
  const starting = await app.inject('/readyz');
  assert.equal(starting.statusCode, 503);
  assert.equal(starting.json<{ phase: string }>().phase, 'starting');

  readiness.markReady();
  const ready = await app.inject('/readyz');
  assert.equal(ready.statusCode, 200);
  assert.deepEqual(ready.json<{ dependencies: unknown[] }>().dependencies, [
    { name: 'db', type: 'postgres', ok: true, detail: 'test' },
  ]);

  readiness.markDraining();
  assert.equal((await app.inject('/readyz')).statusCode, 503);
  await app.close();
});

test('readiness is 503 when a dependency is down', async () => {
  const { app, readiness } = setUp(false);
  readiness.markReady();
  assert.equal((await app.inject('/readyz')).statusCode, 503);
  await app.close();
});

test('the example route greets, and names the bad field in a 400', async () => {
  const { app } = setUp();
  const ok = await app.inject('/v1/greetings?name=Ada');
  assert.equal(ok.statusCode, 200);
  assert.deepEqual(ok.json(), { message: 'Hello, Ada!' });

  const bad = await app.inject('/v1/greetings?name=%20');
  assert.equal(bad.statusCode, 400);
  assert.deepEqual(bad.json<{ issues: unknown[] }>().issues, [{ field: 'name', message: 'must not be empty' }]);
  await app.close();
});
