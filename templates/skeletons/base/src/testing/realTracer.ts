import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { context, trace } from '@opentelemetry/api';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { after, before } from 'node:test';

/**
 * A real tracer and context manager for the tests of the calling file or
 * suite, so spans have ids; the SDK (and any exporter) stays off.
 */
export function useRealTracer(): void {
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
}
