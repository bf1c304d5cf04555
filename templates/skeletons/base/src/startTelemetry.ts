import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { NodeSDK } from '@opentelemetry/sdk-node';

/** The running SDK, or a stand-in when it is switched off. */
export interface Telemetry {
  readonly enabled: boolean;
  /** Flushes spans and metrics still buffered; call once, on the way out. */
  shutdown(): Promise<void>;
}

const PROBES = new Set(['/healthz', '/readyz']);

/**
 * Starts OpenTelemetry traces and metrics. Exporters, endpoint, protocol,
 * sampling and resource attributes come only from the standard variables
 * (OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_TRACES_SAMPLER, OTEL_RESOURCE_ATTRIBUTES…),
 * so one image runs everywhere; OTEL_SERVICE_NAME defaults to `serviceName`
 * and OTEL_SDK_DISABLED=true turns it all off.
 */
export function startTelemetry(serviceName: string): Telemetry {
  // Checked here too so a disabled SDK builds no exporters at all.
  if (process.env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') {
    return { enabled: false, shutdown: () => Promise.resolve() };
  }
  const sdk = new NodeSDK({
    serviceName: process.env.OTEL_SERVICE_NAME || serviceName,
    instrumentations: [
      new HttpInstrumentation({
        // Probes every few seconds per pod would drown the real traffic.
        ignoreIncomingRequestHook: request => PROBES.has(request.url?.split('?')[0] ?? ''),
      }),
    ],
  });
  sdk.start();
  return { enabled: true, shutdown: () => sdk.shutdown() };
}
