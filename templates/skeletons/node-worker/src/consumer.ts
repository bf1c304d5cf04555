import {
  type Counter,
  type Histogram,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  metrics,
  propagation,
  trace,
} from '@opentelemetry/api';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Message, Transport } from './transport';

/**
 * Throw it from a handler when trying again cannot help (a malformed body, a
 * reference to something that does not exist): the message goes straight to
 * the dead-letter queue instead of being retried.
 */
export class PermanentError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PermanentError';
  }
}

/** Does the work for one message; a throw means it failed. */
export type MessageHandler = (message: Message, context: { logger: Logger }) => Promise<void>;

/** What happened to a message, as the `outcome` attribute of `worker.messages`. */
export type Outcome = 'ack' | 'retry' | 'dead_letter';

/** Options for {@link Consumer}. */
export interface ConsumerOptions {
  transport: Transport;
  handler: MessageHandler;
  logger: Logger;
  /** Names the tracer and meter. */
  serviceName: string;
  /** Messages handled at once. */
  concurrency: number;
  /** Deliveries before a failing message is dead-lettered. */
  maxAttempts: number;
  /** Delay before delivery `deliveryCount + 1`; see {@link exponentialBackoff}. */
  retryDelayMs: (deliveryCount: number) => number;
}

/**
 * Exponential backoff with full jitter: a burst of failures (a dependency
 * down) comes back spread out instead of all at once.
 */
export function exponentialBackoff(options: { baseMs: number; maxMs: number; random?: () => number }) {
  const random = options.random ?? Math.random;
  return (deliveryCount: number): number =>
    Math.round(random() * Math.min(options.maxMs, options.baseMs * 2 ** (deliveryCount - 1)));
}

/**
 * Pulls messages and hands each to the handler, never more than
 * `concurrency` at once. A message that succeeds is acked; one that fails is
 * retried with backoff until its `maxAttempts`-th delivery, then
 * dead-lettered with the error; a {@link PermanentError} is dead-lettered at
 * once. `stop()` stops pulling and waits for the messages in hand: the drain.
 */
export class Consumer {
  readonly #options: ConsumerOptions;
  readonly #inFlight = new Set<Promise<void>>();
  readonly #abort = new AbortController();
  readonly #messages: Counter;
  readonly #duration: Histogram;
  #loop: Promise<void> | undefined;
  #receiveError: string | undefined;

  constructor(options: ConsumerOptions) {
    this.#options = options;
    const meter = metrics.getMeter(options.serviceName);
    this.#messages = meter.createCounter('worker.messages', {
      description: 'Messages handled, by outcome: ack, retry or dead_letter',
      unit: '{message}',
    });
    this.#duration = meter.createHistogram('worker.message.duration', {
      description: 'Time spent in the handler',
      unit: 's',
    });
    meter
      .createObservableGauge('worker.messages.in_flight', {
        description: 'Messages being handled now; at concurrency the worker is saturated',
        unit: '{message}',
      })
      .addCallback(result => result.observe(this.#inFlight.size));
  }

  /** Whether the last receive worked; readiness reports it. */
  get status(): { ok: boolean; detail: string } {
    if (!this.#loop) return { ok: false, detail: 'not started' };
    if (this.#receiveError) return { ok: false, detail: `receive failing: ${this.#receiveError}` };
    return { ok: true, detail: `consuming ${this.#options.transport.name}, ${this.#inFlight.size} in flight` };
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  /** Stops receiving and resolves once every message in hand is settled. */
  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#loop;
    await Promise.all(this.#inFlight);
  }

  async #run(): Promise<void> {
    const { transport, concurrency, logger } = this.#options;
    const signal = this.#abort.signal;
    let failures = 0;
    while (!signal.aborted) {
      if (this.#inFlight.size >= concurrency) {
        await Promise.race(this.#inFlight);
        continue;
      }
      let messages: Message[];
      try {
        messages = await transport.receive(concurrency - this.#inFlight.size, signal);
        failures = 0;
        this.#receiveError = undefined;
      } catch (error) {
        // A broker outage: keep trying, slower each time, and say so on /readyz.
        failures++;
        this.#receiveError = error instanceof Error ? error.message : String(error);
        logger.error({ err: error, failures }, 'receive failed');
        await sleep(Math.min(30_000, 500 * 2 ** (failures - 1)), undefined, { signal }).catch(() => undefined);
        continue;
      }
      for (const message of messages) {
        const handled: Promise<void> = this.#handle(message).finally(() => this.#inFlight.delete(handled));
        this.#inFlight.add(handled);
      }
    }
  }

  /** Never rejects: every failure ends as a retry or a dead letter. */
  async #handle(message: Message): Promise<void> {
    const { transport, serviceName } = this.#options;
    // Continue the producer's trace when it sent one (W3C traceparent).
    const parent = propagation.extract(ROOT_CONTEXT, message.attributes);
    const tracer = trace.getTracer(serviceName);
    await tracer.startActiveSpan(
      `process ${transport.name}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.operation.type': 'process',
          'messaging.destination.name': transport.name,
          'messaging.message.id': message.id,
          'messaging.message.delivery_count': message.deliveryCount,
        },
      },
      parent,
      async span => {
        const logger = this.#options.logger.child({ message_id: message.id, delivery: message.deliveryCount });
        const started = performance.now();
        let outcome: Outcome = 'retry';
        try {
          outcome = await this.#process(message, logger, span);
        } finally {
          const attributes = { outcome, 'messaging.destination.name': transport.name };
          this.#messages.add(1, attributes);
          this.#duration.record((performance.now() - started) / 1000, attributes);
          span.setAttribute('worker.outcome', outcome);
          span.end();
        }
      },
    );
  }

  async #process(message: Message, logger: Logger, span: Span): Promise<Outcome> {
    const { transport, handler } = this.#options;
    try {
      await handler(message, { logger });
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR });
      return this.#fail(message, error, logger);
    }
    try {
      await transport.ack(message);
      logger.debug('message handled');
    } catch (error) {
      // Done but not acked: it comes back, and the idempotent handler sees it twice.
      logger.error({ err: error }, 'could not ack a handled message');
    }
    return 'ack';
  }

  async #fail(message: Message, error: unknown, logger: Logger): Promise<Outcome> {
    const { transport, maxAttempts, retryDelayMs } = this.#options;
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    try {
      if (error instanceof PermanentError || message.deliveryCount >= maxAttempts) {
        await transport.deadLetter(message, reason);
        logger.error({ err: error, maxAttempts }, 'message dead-lettered');
        return 'dead_letter';
      }
      const delayMs = retryDelayMs(message.deliveryCount);
      await transport.retry(message, delayMs);
      logger.warn({ err: error, delayMs, maxAttempts }, 'message failed, will retry');
      return 'retry';
    } catch (settleError) {
      // The broker redelivers what was not settled: at least once still holds.
      logger.error({ err: settleError, cause: reason }, 'could not settle a failed message');
      return 'retry';
    }
  }
}
