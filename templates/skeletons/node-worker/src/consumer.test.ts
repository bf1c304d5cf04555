import { trace } from '@opentelemetry/api';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Consumer, type MessageHandler, PermanentError, exponentialBackoff } from './consumer';
import { InMemoryTransport } from './inMemoryTransport';
import { createLogger } from './logger';
import { loggedLines } from './testing/logLines';
import { useRealTracer } from './testing/realTracer';
import type { Message } from './transport';

function setUp(handler: MessageHandler, options: { maxAttempts?: number; concurrency?: number } = {}) {
  const transport = new InMemoryTransport('jobs');
  const { lines, logger } = loggedLines('test-worker', 'debug');
  const consumer = new Consumer({
    transport,
    handler,
    logger,
    serviceName: 'test-worker',
    concurrency: options.concurrency ?? 2,
    maxAttempts: options.maxAttempts ?? 3,
    retryDelayMs: () => 1,
  });
  return { transport, consumer, lines };
}

/** Resolves once `predicate` holds, polling; the tests' only clock. */
async function until(predicate: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise(resolve => setTimeout(resolve, 2));
  }
}

describe('Consumer', () => {
  useRealTracer();

  test('acks a message the handler completes', async () => {
    const seen: string[] = [];
    const { transport, consumer } = setUp(message => {
      seen.push(message.body);
      return Promise.resolve();
    });
    consumer.start();
    transport.send('one');
    await until(() => seen.length === 1 && transport.inFlight === 0);
    await consumer.stop();
    assert.deepEqual(seen, ['one']);
    assert.equal(transport.depth, 0);
    assert.deepEqual(transport.deadLetters, []);
  });

  test('retries a failing message and acks it once it succeeds', async () => {
    const deliveries: number[] = [];
    const { transport, consumer } = setUp(message => {
      deliveries.push(message.deliveryCount);
      return message.deliveryCount < 3 ? Promise.reject(new Error('database busy')) : Promise.resolve();
    });
    consumer.start();
    transport.send('flaky');
    await until(() => deliveries.length === 3 && transport.inFlight === 0);
    await consumer.stop();
    assert.deepEqual(deliveries, [1, 2, 3]);
    assert.deepEqual(transport.deadLetters, []);
  });

  test('dead-letters a message that fails on every one of maxAttempts deliveries', async () => {
    let calls = 0;
    const { transport, consumer } = setUp(
      () => {
        calls++;
        return Promise.reject(new Error('downstream 500'));
      },
      { maxAttempts: 3 },
    );
    consumer.start();
    transport.send('doomed');
    await until(() => transport.deadLetters.length === 1);
    await consumer.stop();
    assert.equal(calls, 3);
    assert.equal(transport.deadLetters[0]?.message.deliveryCount, 3);
    assert.equal(transport.deadLetters[0]?.reason, 'Error: downstream 500');
  });

  test('dead-letters a PermanentError at once, without retrying', async () => {
    let calls = 0;
    const { transport, consumer } = setUp(() => {
      calls++;
      return Promise.reject(new PermanentError('not a job'));
    });
    consumer.start();
    transport.send('garbage');
    await until(() => transport.deadLetters.length === 1);
    await consumer.stop();
    assert.equal(calls, 1);
    assert.equal(transport.deadLetters[0]?.reason, 'PermanentError: not a job');
  });

  test('never runs more than `concurrency` handlers at once', async () => {
    let running = 0;
    let peak = 0;
    const { transport, consumer } = setUp(
      async () => {
        peak = Math.max(peak, ++running);
        await new Promise(resolve => setTimeout(resolve, 5));
        running--;
      },
      { concurrency: 2 },
    );
    for (let i = 0; i < 6; i++) transport.send(`m${i}`);
    consumer.start();
    await until(() => transport.depth === 0 && transport.inFlight === 0 && running === 0);
    await consumer.stop();
    assert.equal(peak, 2);
  });

  test('stop() drains: the message in hand finishes and is acked, nothing new is taken', async () => {
    let release: () => void = () => undefined;
    const handled: string[] = [];
    const { transport, consumer } = setUp(
      async (message: Message) => {
        await new Promise<void>(resolve => (release = resolve));
        handled.push(message.body);
      },
      { concurrency: 1 },
    );
    consumer.start();
    transport.send('in hand');
    await until(() => transport.inFlight === 1);
    const stopped = consumer.stop();
    transport.send('after stop');
    release();
    await stopped;
    assert.deepEqual(handled, ['in hand']);
    assert.equal(transport.inFlight, 0);
    assert.equal(transport.depth, 1, 'the later message stays queued for the next consumer');
  });

  test("the handler's log lines carry the message span's trace id", async () => {
    let spanTraceId: string | undefined;
    const { transport, consumer, lines } = setUp((_message, { logger }) => {
      spanTraceId = trace.getActiveSpan()?.spanContext().traceId;
      logger.info('working');
      return Promise.resolve();
    });
    consumer.start();
    const id = transport.send('traced');
    await until(() => lines.some(l => l.msg === 'working') && transport.inFlight === 0);
    await consumer.stop();
    const line = lines.find(l => l.msg === 'working');
    assert.match(String(spanTraceId), /^[0-9a-f]{32}$/);
    assert.equal(line?.trace_id, spanTraceId);
    assert.equal(line?.message_id, id);
  });

  test('status reports a failing receive, and recovers', async () => {
    const transport = new InMemoryTransport('jobs');
    let fail = true;
    const receive = transport.receive.bind(transport);
    transport.receive = (max, signal) => (fail ? Promise.reject(new Error('broker unreachable')) : receive(max, signal));
    const consumer = new Consumer({
      transport,
      handler: () => Promise.resolve(),
      logger: createLogger({ name: 'test-worker', level: 'silent' }),
      serviceName: 'test-worker',
      concurrency: 1,
      maxAttempts: 1,
      retryDelayMs: () => 0,
    });
    assert.equal(consumer.status.ok, false);
    consumer.start();
    await until(() => consumer.status.detail.includes('broker unreachable'));
    // A receive that answers clears the error; a long poll answers when a message comes.
    fail = false;
    transport.send('after the outage');
    await until(() => consumer.status.ok, 5_000);
    await consumer.stop();
  });
});

test('exponentialBackoff doubles up to the cap, scaled by jitter', () => {
  const delay = exponentialBackoff({ baseMs: 100, maxMs: 1_000, random: () => 1 });
  assert.deepEqual([1, 2, 3, 4, 5, 6].map(delay), [100, 200, 400, 800, 1_000, 1_000]);
  assert.equal(exponentialBackoff({ baseMs: 100, maxMs: 1_000, random: () => 0.5 })(2), 100);
});
