import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import amqp from 'amqplib';
import { AmqpTransport } from './amqpTransport';
import type { Message } from './transport';

// A real RabbitMQ: AMQP_URL=amqp://user:password@host:5672/vhost (Pave's local
// environments give one; `docker run rabbitmq` does too).
const url = process.env.AMQP_URL;

describe('AmqpTransport', { skip: url ? false : 'set AMQP_URL to run against RabbitMQ' }, () => {
  const queue = `test-${randomUUID()}`;
  let admin: amqp.ChannelModel;
  let transport: AmqpTransport;

  before(async () => {
    // As the platform declares a queue: durable, dead-lettering to <queue>-dlq.
    admin = await amqp.connect(url!);
    const channel = await admin.createChannel();
    await channel.assertQueue(`${queue}-dlq`, { durable: true });
    await channel.assertQueue(queue, {
      durable: true,
      arguments: { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': `${queue}-dlq` },
    });
    await channel.close();
    transport = new AmqpTransport(url!, queue);
  });

  after(async () => {
    await transport.close();
    const channel = await admin.createChannel();
    for (const name of [queue, `${queue}-dlq`, `${queue}-retry`]) await channel.deleteQueue(name);
    await admin.close();
  });

  const receiveOne = async (): Promise<Message> => {
    const [message] = await transport.receive(1, AbortSignal.timeout(5_000));
    assert.ok(message, 'no message within 5 s');
    return message;
  };

  test('delivers what was sent, with its headers, and forgets it once acked', async () => {
    const id = await transport.send('{"job":1}', { traceparent: '00-abc-def-01' });
    const message = await receiveOne();
    assert.equal(message.id, id);
    assert.equal(message.body, '{"job":1}');
    assert.equal(message.attributes.traceparent, '00-abc-def-01');
    assert.equal(message.deliveryCount, 1);
    await transport.ack(message);
    assert.deepEqual(await transport.receive(1, AbortSignal.timeout(300)), []);
  });

  test('brings a retried message back after its delay, counting the delivery', async () => {
    await transport.send('again');
    const first = await receiveOne();
    const started = Date.now();
    await transport.retry(first, 200);
    const second = await receiveOne();
    assert.ok(Date.now() - started >= 150, 'came back before its delay');
    assert.equal(second.body, 'again');
    assert.equal(second.deliveryCount, 2);
    await transport.ack(second);
  });

  test('parks a dead letter in <queue>-dlq with why', async () => {
    await transport.send('poison');
    await transport.deadLetter(await receiveOne(), 'PermanentError: bad input');
    const channel = await admin.createChannel();
    const parked = await channel.get(`${queue}-dlq`, { noAck: true });
    await channel.close();
    assert.ok(parked, 'nothing in the dead-letter queue');
    assert.equal(parked.content.toString(), 'poison');
    assert.equal(parked.properties.headers?.['x-pave-reason'], 'PermanentError: bad input');
  });
});
