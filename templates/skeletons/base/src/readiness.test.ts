import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DependencyStatus } from './dependencies';
import { Readiness } from './readiness';

const dependency = (ok: boolean) => (): Promise<DependencyStatus> =>
  Promise.resolve({ name: 'db', type: 'postgres', ok, detail: ok ? 'reachable' : 'unreachable' });

test('starting → ready → draining, and never back', async () => {
  const readiness = new Readiness([dependency(true)]);
  assert.deepEqual(await readiness.check(), { ready: false, phase: 'starting', dependencies: [] });

  readiness.markReady();
  const ready = await readiness.check();
  assert.equal(ready.ready, true);
  assert.equal(ready.dependencies.length, 1);

  readiness.markDraining();
  readiness.markReady();
  assert.deepEqual(await readiness.check(), { ready: false, phase: 'draining', dependencies: [] });
});

test('one failing dependency makes the whole service unready', async () => {
  const readiness = new Readiness([dependency(true), dependency(false)]);
  readiness.markReady();
  const report = await readiness.check();
  assert.equal(report.ready, false);
  assert.equal(report.phase, 'ready');
  assert.deepEqual(
    report.dependencies.map(d => d.ok),
    [true, false],
  );
});
