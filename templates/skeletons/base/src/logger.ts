import { isSpanContextValid, trace } from '@opentelemetry/api';
import { type DestinationStream, type Logger, pino } from 'pino';

/** Options for {@link createLogger}. */
export interface LoggerOptions {
  name: string;
  level: string;
  /** Where lines go; stdout by default, a buffer in tests. */
  destination?: DestinationStream;
}

/**
 * JSON lines on stdout with the active span's `trace_id` and `span_id`, so a
 * log search jumps to the trace and back. Levels are names, not pino numbers,
 * which is what log pipelines match on.
 */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      name: options.name,
      level: options.level,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: label => ({ level: label }) },
      mixin() {
        const span = trace.getActiveSpan()?.spanContext();
        if (!span || !isSpanContextValid(span)) return {};
        return {
          trace_id: span.traceId,
          span_id: span.spanId,
          trace_flags: `0${span.traceFlags.toString(16)}`.slice(-2),
        };
      },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
