import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { context, trace } from '@opentelemetry/api';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import { createLogger } from './logger';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      callback();
    },
  });
  return { lines, logger: createLogger({ name: 'test-service', level: 'info', destination }) };
}

// A real tracer and context manager: the SDK stays off in tests.
const contextManager = new AsyncLocalStorageContextManager();
const provider = new TracerProvider();
before(() => {
  context.setGlobalContextManager(contextManager.enable());
  trace.setGlobalTracerProvider(provider);
});
after(async () => {
  await provider.shutdown();
  trace.disable();
  context.disable();
});

test('a line logged inside a span carries its trace and span ids', async () => {
  const { lines, logger } = capture();
  const span = trace.getTracer('test').startSpan('work');
  await context.with(trace.setSpan(context.active(), span), async () => {
    await Promise.resolve();
    logger.info('inside');
  });
  span.end();

  const { traceId, spanId } = span.spanContext();
  assert.match(traceId, /^[0-9a-f]{32}$/);
  assert.equal(lines[0]?.trace_id, traceId);
  assert.equal(lines[0]?.span_id, spanId);
  assert.equal(lines[0]?.trace_flags, '01');
  assert.equal(lines[0]?.level, 'info');
  assert.equal(lines[0]?.msg, 'inside');
});

test('a line logged outside any span has no trace ids', () => {
  const { lines, logger } = capture();
  logger.info('outside');
  assert.equal(lines[0]?.msg, 'outside');
  assert.equal('trace_id' in (lines[0] ?? {}), false);
});
