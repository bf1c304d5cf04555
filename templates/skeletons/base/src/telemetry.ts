import { startTelemetry } from './startTelemetry';
import { SERVICE_NAME } from './workload';

/**
 * Preloaded with `node --require ./dist/telemetry.js` so the SDK patches
 * `http` before anything loads it; main.ts imports this same instance to
 * flush it at shutdown.
 */
export const telemetry = startTelemetry(SERVICE_NAME);
