import amqp, { type ChannelModel, type ConfirmChannel, type ConsumeMessage } from 'amqplib';
import { randomUUID } from 'node:crypto';
import type { Message, Transport } from './transport';

/** The header carrying how often a message was delivered before (set on each retry). */
const ATTEMPTS = 'x-pave-attempts';

interface Session {
  connection: ChannelModel;
  channel: ConfirmChannel;
  buffer: ConsumeMessage[];
  consuming?: boolean;
  /** Why the session ended, once it has. */
  closed?: string;
  wake?: () => void;
}

/**
 * RabbitMQ (AMQP 0-9-1), as Pave provisions a `queue` on the local target: a
 * durable queue `<name>` with a dead-letter queue `<name>-dlq` beside it. How
 * the calls map:
 *
 * - `receive`: messages the broker pushed (prefetch = concurrency), waited for;
 * - `ack`: basic.ack;
 * - `retry`: republished to `<name>-retry` with a per-message TTL of the delay;
 *   that queue dead-letters back into `<name>` when it expires. Then acked —
 *   after the broker confirmed the copy, so nothing is lost in between. (TTLs
 *   expire at the head of the queue: a long delay holds shorter ones behind it.)
 * - `deadLetter`: published to `<name>-dlq` with the reason in a header, then acked.
 *
 * A lost connection makes `receive` fail (readiness says so); the next one
 * connects again.
 */
export class AmqpTransport implements Transport {
  readonly name: string;
  readonly #url: string;
  #session: Promise<Session> | undefined;
  readonly #delivery = new WeakMap<Message, { session: Session; raw: ConsumeMessage }>();
  #closing = false;

  constructor(url: string, queue: string) {
    this.#url = url;
    this.name = queue;
  }

  #connect(): Promise<Session> {
    const current = this.#session;
    if (current) {
      return current.then(session => {
        if (!session.closed) return session;
        this.#session = undefined;
        return this.#connect();
      });
    }
    const opened = (async (): Promise<Session> => {
      const connection = await amqp.connect(this.#url);
      const session: Session = { connection, channel: await connection.createConfirmChannel(), buffer: [] };
      const end = (why: string) => {
        session.closed ??= why;
        session.wake?.();
      };
      connection.on('error', (error: Error) => end(error.message));
      connection.on('close', () => end('connection closed'));
      session.channel.on('error', (error: Error) => end(error.message));
      session.channel.on('close', () => end('channel closed'));
      await session.channel.assertQueue(`${this.name}-retry`, {
        durable: true,
        arguments: { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': this.name },
      });
      // Fails unless the queue exists: the platform declares it, with its DLQ.
      await session.channel.checkQueue(this.name);
      await session.channel.checkQueue(`${this.name}-dlq`);
      return session;
    })();
    this.#session = opened;
    opened.catch(() => {
      if (this.#session === opened) this.#session = undefined;
    });
    return opened;
  }

  async #consume(session: Session, prefetch: number): Promise<void> {
    await session.channel.prefetch(prefetch);
    await session.channel.consume(this.name, raw => {
      if (raw === null) {
        session.closed ??= 'the broker cancelled the consumer';
      } else {
        session.buffer.push(raw);
      }
      session.wake?.();
    });
  }

  /** Publishes a message to the queue (for producers and tests); returns its id. */
  async send(body: string, attributes: Record<string, string> = {}): Promise<string> {
    const session = await this.#connect();
    const id = randomUUID();
    session.channel.sendToQueue(this.name, Buffer.from(body), { persistent: true, messageId: id, headers: attributes });
    await session.channel.waitForConfirms();
    return id;
  }

  async receive(max: number, signal: AbortSignal): Promise<Message[]> {
    if (signal.aborted || this.#closing) return [];
    const session = await this.#connect();
    if (!session.consuming) {
      session.consuming = true;
      // Prefetch is the consumer's concurrency: the broker never pushes more.
      await this.#consume(session, max);
    }
    while (session.buffer.length === 0) {
      if (session.closed) throw new Error(`RabbitMQ: ${session.closed}`);
      if (signal.aborted || this.#closing) return [];
      await new Promise<void>(resolve => {
        const wake = () => {
          signal.removeEventListener('abort', wake);
          session.wake = undefined;
          resolve();
        };
        session.wake = wake;
        signal.addEventListener('abort', wake, { once: true });
      });
    }
    return session.buffer.splice(0, max).map(raw => {
      const headers = (raw.properties.headers ?? {}) as Record<string, unknown>;
      const attempts = Number(headers[ATTEMPTS] ?? 0);
      const message: Message = {
        id: typeof raw.properties.messageId === 'string' ? raw.properties.messageId : `${raw.fields.deliveryTag}`,
        body: raw.content.toString('utf8'),
        attributes: Object.fromEntries(
          Object.entries(headers)
            .filter(([key]) => key !== ATTEMPTS)
            .map(([key, value]) => [key, String(value)]),
        ),
        // A redelivery after a crash counts as an attempt too.
        deliveryCount: attempts + 1 + (raw.fields.redelivered ? 1 : 0),
      };
      this.#delivery.set(message, { session, raw });
      return message;
    });
  }

  ack(message: Message): Promise<void> {
    const { session, raw } = this.#held(message);
    session.channel.ack(raw);
    return Promise.resolve();
  }

  async retry(message: Message, delayMs: number): Promise<void> {
    await this.#moveTo(message, `${this.name}-retry`, {
      expiration: String(Math.max(0, Math.round(delayMs))),
      headers: { ...message.attributes, [ATTEMPTS]: message.deliveryCount },
    });
  }

  async deadLetter(message: Message, reason: string): Promise<void> {
    await this.#moveTo(message, `${this.name}-dlq`, {
      headers: { ...message.attributes, [ATTEMPTS]: message.deliveryCount, 'x-pave-reason': reason.slice(0, 1000) },
    });
  }

  async close(): Promise<void> {
    this.#closing = true;
    const session = await this.#session?.catch(() => undefined);
    session?.wake?.();
    if (session && !session.closed) {
      session.closed = 'closed';
      await session.connection.close().catch(() => undefined);
    }
  }

  /** Publishes a copy, waits for the broker to confirm it, then acks the original. */
  async #moveTo(message: Message, queue: string, options: amqp.Options.Publish): Promise<void> {
    const { session, raw } = this.#held(message);
    session.channel.sendToQueue(queue, Buffer.from(message.body), {
      persistent: true,
      messageId: message.id,
      ...options,
    });
    await session.channel.waitForConfirms();
    session.channel.ack(raw);
  }

  #held(message: Message) {
    const held = this.#delivery.get(message);
    if (!held) throw new Error(`message ${message.id} was not received from ${this.name}`);
    this.#delivery.delete(message);
    if (held.session.closed) {
      // Its channel is gone: the broker delivers it again to the next consumer.
      throw new Error(`RabbitMQ: ${held.session.closed}; message ${message.id} will be delivered again`);
    }
    return held;
  }
}
