/** A message as the broker delivered it. */
export interface Message {
  /** The broker's id; stays the same when the message is delivered again. */
  id: string;
  body: string;
  /** Headers the producer set, `traceparent` among them. */
  attributes: Readonly<Record<string, string>>;
  /** 1 on the first delivery, counted by the broker (SQS: ApproximateReceiveCount). */
  deliveryCount: number;
}

/**
 * What the consumer needs from a broker. Delivery is at least once: a message
 * that is neither acked nor dead-lettered comes back, so handlers must be
 * idempotent. How the calls map onto SQS, for the transport you write:
 *
 * - `receive`: ReceiveMessage with WaitTimeSeconds (long poll), up to `max`;
 * - `ack`: DeleteMessage;
 * - `retry`: ChangeMessageVisibility to the delay, so it returns after it;
 * - `deadLetter`: SendMessage to the dead-letter queue (Pave creates one per
 *   queue), then DeleteMessage. The queue's own redrive (maxReceiveCount)
 *   stays the safety net for a consumer that crashes mid-message.
 */
export interface Transport {
  /** The queue or subscription consumed; names spans and metrics. */
  readonly name: string;
  /** Waits for up to `max` messages; resolves to [] when `signal` aborts. */
  receive(max: number, signal: AbortSignal): Promise<Message[]>;
  /** Done: the broker forgets the message. */
  ack(message: Message): Promise<void>;
  /** Failed for now: deliver it again after `delayMs`. */
  retry(message: Message, delayMs: number): Promise<void>;
  /** Failed for good: park it where people look, with why. */
  deadLetter(message: Message, reason: string): Promise<void>;
  close(): Promise<void>;
}
