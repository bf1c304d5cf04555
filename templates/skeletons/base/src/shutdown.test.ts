import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import { createLogger } from './logger';
import { onShutdown } from './shutdown';

const logger = createLogger({ name: 'test-service', level: 'silent' });

function setUp(steps: { name: string; run: () => Promise<void> }[], timeoutMs = 1_000) {
  const source = new EventEmitter();
  const exits: number[] = [];
  const exited = new Promise<number>(resolve =>
    onShutdown({ source, steps, timeoutMs, logger, exit: code => (exits.push(code), resolve(code)) }),
  );
  return { source, exits, exited };
}

test('SIGTERM runs every step in order, then exits 0', async () => {
  const order: string[] = [];
  const step = (name: string) => ({
    name,
    run: () => {
      order.push(name);
      return Promise.resolve();
    },
  });
  const { source, exited } = setUp([step('drain'), step('close'), step('flush')]);
  source.emit('SIGTERM', 'SIGTERM');
  assert.equal(await exited, 0);
  assert.deepEqual(order, ['drain', 'close', 'flush']);
});

test('a failing step does not skip the rest; the exit code says it failed', async () => {
  let flushed = false;
  const { source, exited } = setUp([
    { name: 'close', run: () => Promise.reject(new Error('socket stuck')) },
    {
      name: 'flush',
      run: () => {
        flushed = true;
        return Promise.resolve();
      },
    },
  ]);
  source.emit('SIGINT', 'SIGINT');
  assert.equal(await exited, 1);
  assert.equal(flushed, true);
});

test('a step that never finishes is cut off by the timeout', async () => {
  const { source, exited } = setUp([{ name: 'hang', run: () => new Promise(() => undefined) }], 20);
  source.emit('SIGTERM', 'SIGTERM');
  assert.equal(await exited, 1);
});

test('a second signal exits at once', () => {
  const { source, exits } = setUp([{ name: 'hang', run: () => new Promise(() => undefined) }], 50);
  source.emit('SIGINT', 'SIGINT');
  source.emit('SIGINT', 'SIGINT');
  assert.deepEqual(exits, [1]);
});
