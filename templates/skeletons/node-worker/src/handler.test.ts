import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PermanentError } from './consumer';
import { type Job, createJobHandler } from './handler';
import { createLogger } from './logger';

const logger = createLogger({ name: 'test-worker', level: 'silent' });
const message = (body: string) => ({ id: 'm-1', body, attributes: {}, deliveryCount: 1 });

test('hands a valid job to the work function', async () => {
  const done: Job[] = [];
  const handler = createJobHandler(job => {
    done.push(job);
    return Promise.resolve();
  });
  await handler(message('{"id":"j-1","kind":"example"}'), { logger });
  assert.deepEqual(done, [{ id: 'j-1', kind: 'example', payload: {} }]);
});

test('a body that cannot be a job is a PermanentError naming the field', async () => {
  const handler = createJobHandler(() => Promise.resolve());
  await assert.rejects(handler(message('not json'), { logger }), PermanentError);
  await assert.rejects(
    handler(message('{"id":"","kind":"example"}'), { logger }),
    (error: unknown) => error instanceof PermanentError && /^body is not a job: id: /.test(error.message),
  );
});

test('a failure in the work itself stays retryable', async () => {
  const handler = createJobHandler(() => Promise.reject(new Error('timeout')));
  await assert.rejects(handler(message('{"id":"j-1","kind":"example"}'), { logger }), (error: unknown) => {
    return error instanceof Error && !(error instanceof PermanentError);
  });
});
