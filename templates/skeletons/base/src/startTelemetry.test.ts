import { ProxyTracerProvider, trace } from '@opentelemetry/api';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTelemetry } from './startTelemetry';

test('OTEL_SDK_DISABLED=true starts nothing and shuts down cleanly', async () => {
  // npm test sets it; this says so if someone removes it.
  assert.equal(process.env.OTEL_SDK_DISABLED, 'true');
  const global = trace.getTracerProvider() as ProxyTracerProvider;
  const before = global.getDelegate();

  const telemetry = startTelemetry('test-service');

  assert.equal(telemetry.enabled, false);
  assert.equal(global.getDelegate(), before, 'no tracer provider was registered');
  await telemetry.shutdown();
});
