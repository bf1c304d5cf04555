import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadConfig } from './config';
import type { WorkloadResource } from './dependencies';
import { configError } from './testing/configError';

const resources: WorkloadResource[] = [
  { name: 'db', type: 'postgres', size: 'small' },
  { name: 'order-events', type: 'queue', size: 'small' },
];

describe('loadConfig', () => {
  test('defaults everything a bare environment leaves out', () => {
    const config = loadConfig({}, []);
    assert.equal(config.PORT, 8080);
    assert.equal(config.HOST, '0.0.0.0');
    assert.equal(config.LOG_LEVEL, 'info');
    assert.deepEqual(config.dependencies, []);
  });

  test('names the variable that is wrong, without echoing its value', () => {
    const error = configError(() => loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud' }, []));
    assert.deepEqual(error.variables.sort(), ['LOG_LEVEL', 'PORT']);
    assert.match(error.message, /PORT must be a number/);
    assert.doesNotMatch(error.message, /eighty/);
  });

  test('rejects a port out of range', () => {
    assert.deepEqual(configError(() => loadConfig({ PORT: '70000' }, [])).variables, ['PORT']);
  });

  test('validates resource variables by type, named after the resource', () => {
    const error = configError(() =>
      loadConfig({ DB_HOST: 'db.internal', DB_PORT: 'x', ORDER_EVENTS_URL: 'not a url' }, resources),
    );
    assert.deepEqual(error.variables.sort(), ['DB_PORT', 'ORDER_EVENTS_URL']);
  });

  test('a missing resource variable is not fatal: readiness reports it', () => {
    const config = loadConfig({ ORDER_EVENTS_URL: 'https://sqs.example/123/orders' }, resources);
    assert.deepEqual(
      config.dependencies.map(d => [d.resource.name, d.missing, d.endpoint]),
      [
        ['db', ['DB_HOST'], undefined],
        ['order-events', [], undefined],
      ],
    );
  });

  test('treats an empty variable as unset', () => {
    const config = loadConfig({ PORT: '', DB_HOST: 'db.internal', DB_PORT: '' }, resources);
    assert.equal(config.PORT, 8080);
    assert.deepEqual(config.dependencies[0]?.endpoint, { host: 'db.internal', port: 5432 });
  });
});
