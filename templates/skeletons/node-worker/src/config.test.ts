import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadConfig } from './config';
import type { WorkloadResource } from './dependencies';
import { configError } from './testing/configError';

const resources: WorkloadResource[] = [
  { name: 'jobs', type: 'queue', size: 'small' },
  { name: 'cache', type: 'redis', size: 'small' },
];

describe('loadConfig', () => {
  test('defaults everything a bare environment leaves out', () => {
    const config = loadConfig({}, []);
    assert.equal(config.WORKER_CONCURRENCY, 4);
    assert.equal(config.WORKER_MAX_ATTEMPTS, 5);
    assert.equal(config.PORT, 8080);
  });

  test('names the variable that is wrong, without echoing its value', () => {
    const error = configError(() => loadConfig({ WORKER_CONCURRENCY: '0', WORKER_MAX_ATTEMPTS: 'lots' }, []));
    assert.deepEqual(error.variables.sort(), ['WORKER_CONCURRENCY', 'WORKER_MAX_ATTEMPTS']);
    assert.match(error.message, /WORKER_CONCURRENCY must be between 1 and 256/);
    assert.doesNotMatch(error.message, /lots/);
  });

  test('a retry cap below the base is an error', () => {
    const error = configError(() => loadConfig({ WORKER_RETRY_BASE_MS: '5000', WORKER_RETRY_MAX_MS: '1000' }, []));
    assert.deepEqual(error.variables, ['WORKER_RETRY_MAX_MS']);
  });

  test('validates resource variables by type; missing ones only affect readiness', () => {
    assert.deepEqual(configError(() => loadConfig({ JOBS_URL: 'queue' }, resources)).variables, ['JOBS_URL']);
    const config = loadConfig({ JOBS_URL: 'https://sqs.example/123/jobs', CACHE_HOST: 'cache.internal' }, resources);
    assert.deepEqual(
      config.dependencies.map(d => [d.resource.name, d.missing, d.endpoint]),
      [
        ['jobs', [], undefined],
        ['cache', [], { host: 'cache.internal', port: 6379 }],
      ],
    );
  });
});
