import { context, trace } from '@opentelemetry/api';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loggedLines } from './testing/logLines';
import { useRealTracer } from './testing/realTracer';

useRealTracer();

test('a line logged inside a span carries its trace and span ids', async () => {
  const { lines, logger } = loggedLines('test-service', 'info');
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
  const { lines, logger } = loggedLines('test-service', 'info');
  logger.info('outside');
  assert.equal(lines[0]?.msg, 'outside');
  assert.equal('trace_id' in (lines[0] ?? {}), false);
});
