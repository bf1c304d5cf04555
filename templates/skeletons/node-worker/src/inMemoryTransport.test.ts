import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InMemoryTransport } from './inMemoryTransport';

test('receive waits for a message, then hands over at most `max`', async () => {
  const transport = new InMemoryTransport('jobs');
  const received = transport.receive(2, new AbortController().signal);
  transport.send('a');
  assert.deepEqual(
    (await received).map(m => m.body),
    ['a'],
  );
  transport.send('b');
  transport.send('c');
  transport.send('d');
  assert.equal((await transport.receive(2, new AbortController().signal)).length, 2);
  assert.equal(transport.inFlight, 3);
});

test('retry delivers the message again, later, with a higher delivery count', async () => {
  const transport = new InMemoryTransport('jobs');
  const signal = new AbortController().signal;
  transport.send('x', { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' });
  const [first] = await transport.receive(1, signal);
  assert.ok(first);
  await transport.retry(first, 5);
  assert.equal(transport.depth, 0, 'not back before its delay');
  const [second] = await transport.receive(1, signal);
  assert.equal(second?.id, first.id);
  assert.equal(second?.deliveryCount, 2);
  assert.equal(second?.attributes.traceparent, first.attributes.traceparent);
});

test('a message can be settled only once', async () => {
  const transport = new InMemoryTransport('jobs');
  transport.send('x');
  const [message] = await transport.receive(1, new AbortController().signal);
  assert.ok(message);
  await transport.deadLetter(message, 'bad');
  await assert.rejects(transport.ack(message), /not in flight/);
  assert.deepEqual(
    transport.deadLetters.map(d => d.reason),
    ['bad'],
  );
});

test('receive returns nothing once aborted or closed', async () => {
  const transport = new InMemoryTransport('jobs');
  const controller = new AbortController();
  const waiting = transport.receive(1, controller.signal);
  controller.abort();
  assert.deepEqual(await waiting, []);

  const waitingForClose = transport.receive(1, new AbortController().signal);
  await transport.close();
  assert.deepEqual(await waitingForClose, []);
});
