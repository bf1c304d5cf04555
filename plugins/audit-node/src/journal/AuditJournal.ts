import { LoggerService } from '@backstage/backend-plugin-api';
import { AuditEventInput } from '@pave/plugin-audit-common';
import { SpoolFile } from './SpoolFile';

/**
 * Where the journal delivers events: the audit store. Implemented by the
 * audit backend, which owns the database.
 *
 * @public
 */
export interface AuditSink {
  /**
   * Stores the events in order, in one transaction, chaining their hashes.
   * Events whose `id` is already stored are skipped, so a replay after an
   * uncertain write never duplicates. Must give up without committing once
   * `signal` is aborted.
   */
  append(
    events: AuditEventInput[],
    options: { signal: AbortSignal },
  ): Promise<void>;
  /** Resolves when the store answers again. */
  ping(options: { signal: AbortSignal }): Promise<void>;
}

/** Options for {@link AuditJournal}. @public */
export interface AuditJournalOptions {
  spool: SpoolFile;
  logger: LoggerService;
  /** Events per store transaction. Default 500. */
  batchSize?: number;
  /**
   * How long a batch that is not full waits for company. Default 0: events
   * that arrive while a write is in flight form the next batch anyway (group
   * commit), and a lone event is not held up.
   */
  flushDelayMs?: number;
  /** Events held in memory before the queue goes to the spool. Default 10 000. */
  maxQueue?: number;
  /** A store write or ping slower than this counts as a failure. Default 5 000 ms. */
  writeTimeoutMs?: number;
  /** Pause between pings while the store is down. Default 1 000 ms. */
  retryDelayMs?: number;
}

/** A snapshot of the journal, for health checks and tests. @public */
export interface AuditJournalStatus {
  attached: boolean;
  healthy: boolean;
  queued: number;
  /** Bytes in the spool not yet replayed into the store. */
  spooledBytes: number;
}

interface Pending {
  event: AuditEventInput;
  resolve(): void;
  reject(error: Error): void;
}

function withTimeout<T>(
  run: (signal: AbortSignal) => Promise<T>,
  ms: number,
  what: string,
): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`${what} timed out after ${ms} ms`));
    }, ms);
  });
  return Promise.race([run(controller.signal), timeout]).finally(() =>
    clearTimeout(timer),
  );
}

/**
 * The durable path of every audit event between a plugin's auditor and the
 * audit store.
 *
 * `append` resolves once the event is durable — committed to the store, or
 * synced to the local spool file — and that is when the auditor returns, so
 * an acknowledged event is never lost. One loop does all the writing, in
 * order: it replays the spool before anything newer (the spool only ever
 * holds events older than the in-memory queue), then writes the queue in
 * batches, one transaction each; events arriving during a write form the
 * next batch. The spool takes over when there is no store yet (events
 * before the audit plugin starts), when a write fails or times out, and
 * when the queue outgrows its bound; a ping brings the store back and the
 * spool is replayed in order. A write is bounded by `writeTimeoutMs`, so a
 * request never waits on a dead database for longer than that.
 *
 * @public
 */
export class AuditJournal {
  private readonly spool: SpoolFile;
  private readonly logger: LoggerService;
  private readonly batchSize: number;
  private readonly flushDelayMs: number;
  private readonly maxQueue: number;
  private readonly writeTimeoutMs: number;
  private readonly retryDelayMs: number;

  private queue: Pending[] = [];
  private sink?: AuditSink;
  private healthy = false;
  private pumping?: Promise<void>;
  private retryTimer?: NodeJS.Timeout;
  /** Bytes of the spool already stored. */
  private spoolOffset = 0;

  constructor(options: AuditJournalOptions) {
    this.spool = options.spool;
    this.logger = options.logger;
    this.batchSize = options.batchSize ?? 500;
    this.flushDelayMs = options.flushDelayMs ?? 0;
    this.maxQueue = options.maxQueue ?? 10_000;
    this.writeTimeoutMs = options.writeTimeoutMs ?? 5_000;
    this.retryDelayMs = options.retryDelayMs ?? 1_000;
  }

  /** Queues an event; resolves when it is durable, rejects if it cannot be. */
  append(event: AuditEventInput): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ event, resolve, reject });
      this.kick();
    });
  }

  /** Starts delivering to the store: the spool first, then the queue. */
  attach(sink: AuditSink): void {
    this.sink = sink;
    this.healthy = true;
    this.kick();
  }

  /**
   * Writes what is queued to the store and stops using it; later events go
   * to the spool. Called when the audit plugin shuts down, while its
   * database is still open.
   */
  async detach(): Promise<void> {
    await this.drain();
    this.sink = undefined;
    this.healthy = false;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    await this.drain();
  }

  /** Detaches and closes the spool: the root shutdown. */
  async close(): Promise<void> {
    await this.detach();
    await this.spool.close();
  }

  /** Resolves when every event appended so far is durable. */
  async drain(): Promise<void> {
    for (;;) {
      if (this.pumping) {
        await this.pumping;
      } else if (this.queue.length > 0) {
        this.kick();
      } else {
        return;
      }
    }
  }

  async status(): Promise<AuditJournalStatus> {
    return {
      attached: Boolean(this.sink),
      healthy: this.healthy,
      queued: this.queue.length,
      spooledBytes: Math.max(0, (await this.spool.size()) - this.spoolOffset),
    };
  }

  private kick() {
    if (this.pumping) {
      return;
    }
    this.pumping = this.pump()
      .catch(error =>
        this.logger.error('Audit journal loop failed', error as Error),
      )
      .finally(() => {
        this.pumping = undefined;
        // An event appended while the loop was returning.
        if (this.queue.length > 0) {
          this.kick();
        }
      });
  }

  private async pump(): Promise<void> {
    for (;;) {
      if (!this.sink || !this.healthy) {
        if (this.queue.length === 0) {
          return;
        }
        await this.spill(this.queue.splice(0));
        continue;
      }
      if (this.queue.length > this.maxQueue) {
        // The store is slower than the traffic: memory stays bounded, order too.
        await this.spill(this.queue.splice(0));
        continue;
      }
      if ((await this.spool.size()) > this.spoolOffset) {
        // While the spool drains, newer events join its end instead of
        // waiting behind the whole replay: acknowledged at disk speed, in order.
        await this.spill(this.queue.splice(0));
        await this.replayChunk();
        continue;
      }
      if (this.spoolOffset > 0) {
        await this.finishReplay();
      }
      if (this.queue.length === 0) {
        return;
      }
      if (this.queue.length < this.batchSize && this.flushDelayMs > 0) {
        await new Promise(r => setTimeout(r, this.flushDelayMs));
      }
      const batch = this.queue.splice(0, this.batchSize);
      try {
        await this.write(batch.map(p => p.event));
        batch.forEach(p => p.resolve());
      } catch (error) {
        this.markUnhealthy(error as Error);
        // Back to the head of the line: spilled before anything newer.
        this.queue.unshift(...batch);
      }
    }
  }

  private async write(events: AuditEventInput[]) {
    const sink = this.sink!;
    await withTimeout(
      signal => sink.append(events, { signal }),
      this.writeTimeoutMs,
      'Audit store write',
    );
  }

  private async spill(pending: Pending[]) {
    if (pending.length === 0) {
      return;
    }
    try {
      await this.spool.append(pending.map(p => p.event));
      pending.forEach(p => p.resolve());
    } catch (error) {
      // Neither the store nor the disk took them: the auditor must know.
      this.logger.error(
        `Audit events could not be spooled to ${this.spool.location}`,
        error as Error,
      );
      pending.forEach(p => p.reject(error as Error));
    }
  }

  private async replayChunk() {
    const { events, nextOffset } = await this.spool.read(
      this.spoolOffset,
      this.batchSize,
      line =>
        this.logger.warn(
          `Skipping an unreadable audit spool line (${line.length} characters)`,
        ),
    );
    if (events.length === 0) {
      if (nextOffset === this.spoolOffset) {
        // Only a torn tail is left, never acknowledged: the spool is done.
        await this.finishReplay();
      } else {
        this.spoolOffset = nextOffset;
      }
      return;
    }
    try {
      await this.write(events);
      this.spoolOffset = nextOffset;
    } catch (error) {
      this.markUnhealthy(error as Error);
    }
  }

  private async finishReplay() {
    const replayedBytes = this.spoolOffset;
    await this.spool.remove();
    this.spoolOffset = 0;
    this.logger.info(
      `Audit spool replayed into the store (${replayedBytes} bytes)`,
    );
  }

  private markUnhealthy(error: Error) {
    if (this.healthy) {
      this.logger.warn(
        `Audit store unavailable, spooling events to ${this.spool.location} until it returns: ${error.message}`,
      );
    }
    this.healthy = false;
    this.scheduleRetry();
  }

  private scheduleRetry() {
    if (this.retryTimer || !this.sink) {
      return;
    }
    this.retryTimer = setTimeout(async () => {
      this.retryTimer = undefined;
      const sink = this.sink;
      if (!sink) {
        return;
      }
      try {
        await withTimeout(
          signal => sink.ping({ signal }),
          this.writeTimeoutMs,
          'Audit store ping',
        );
        if (this.sink === sink) {
          this.logger.info('Audit store is back; replaying the spool');
          this.healthy = true;
          this.kick();
        }
      } catch {
        this.scheduleRetry();
      }
    }, this.retryDelayMs);
    this.retryTimer.unref?.();
  }
}
