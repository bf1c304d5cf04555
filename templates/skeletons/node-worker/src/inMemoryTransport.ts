import { randomUUID } from 'node:crypto';
import type { Message, Transport } from './transport';

/** A message parked by {@link InMemoryTransport.deadLetter}. */
export interface DeadLetter {
  message: Message;
  reason: string;
}

/**
 * A broker inside the process, with the semantics the consumer relies on:
 * long-polling receive, redelivery with a growing delivery count, delayed
 * retries and a dead-letter list. For tests and local runs, with one
 * receiver at a time; messages do not survive a restart, and there is no
 * visibility timeout, so a message a crashed handler held is not redelivered.
 */
export class InMemoryTransport implements Transport {
  readonly name: string;
  readonly deadLetters: DeadLetter[] = [];
  readonly #queue: Message[] = [];
  readonly #inFlight = new Map<string, Message>();
  readonly #timers = new Set<NodeJS.Timeout>();
  #wake: (() => void) | undefined;
  #closed = false;

  constructor(name: string) {
    this.name = name;
  }

  /** Publishes a message; returns its id. */
  send(body: string, attributes: Record<string, string> = {}): string {
    const id = randomUUID();
    this.#enqueue({ id, body, attributes, deliveryCount: 1 });
    return id;
  }

  /** Messages received but neither acked, retried nor dead-lettered. */
  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** Messages waiting, including retries whose delay has passed. */
  get depth(): number {
    return this.#queue.length;
  }

  async receive(max: number, signal: AbortSignal): Promise<Message[]> {
    while (this.#queue.length === 0) {
      if (signal.aborted || this.#closed) return [];
      await new Promise<void>(resolve => {
        const wake = () => {
          signal.removeEventListener('abort', wake);
          this.#wake = undefined;
          resolve();
        };
        this.#wake = wake;
        signal.addEventListener('abort', wake, { once: true });
      });
    }
    const messages = this.#queue.splice(0, max);
    for (const message of messages) this.#inFlight.set(message.id, message);
    return messages;
  }

  ack(message: Message): Promise<void> {
    return this.#settle(message, () => undefined);
  }

  retry(message: Message, delayMs: number): Promise<void> {
    return this.#settle(message, () => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        this.#enqueue({ ...message, deliveryCount: message.deliveryCount + 1 });
      }, delayMs);
      this.#timers.add(timer);
    });
  }

  deadLetter(message: Message, reason: string): Promise<void> {
    return this.#settle(message, () => void this.deadLetters.push({ message, reason }));
  }

  close(): Promise<void> {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#wake?.();
    return Promise.resolve();
  }

  /** Settling a message twice is a consumer bug; a real broker would reject it too. */
  #settle(message: Message, then: () => void): Promise<void> {
    if (!this.#inFlight.delete(message.id)) {
      return Promise.reject(new Error(`message ${message.id} is not in flight`));
    }
    then();
    return Promise.resolve();
  }

  #enqueue(message: Message): void {
    if (this.#closed) return;
    this.#queue.push(message);
    this.#wake?.();
  }
}
