import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { z } from 'zod';
import { integer, listenEnv, logLevel, milliseconds, readEnvironment } from './environment';
import { configError } from './testing/configError';

const schema = z.object({ ...listenEnv, LOG_LEVEL: logLevel(), DELAY_MS: milliseconds(1_000).default(10) });

describe('readEnvironment', () => {
  test('defaults what a bare environment leaves out', () => {
    assert.deepEqual(readEnvironment(schema, {}, []), {
      HOST: '0.0.0.0',
      PORT: 8080,
      LOG_LEVEL: 'info',
      DELAY_MS: 10,
      dependencies: [],
    });
  });

  test('names every wrong variable with its rule, never its value', () => {
    const error = configError(() => readEnvironment(schema, { PORT: '0', LOG_LEVEL: 'loud', DELAY_MS: 'soon-ish' }, []));
    assert.deepEqual(error.variables.sort(), ['DELAY_MS', 'LOG_LEVEL', 'PORT']);
    assert.match(error.message, /PORT must be between 1 and 65535/);
    assert.match(error.message, /DELAY_MS must be a number of milliseconds/);
    assert.doesNotMatch(error.message, /soon-ish|loud/);
  });

  test('treats an empty variable as unset', () => {
    assert.equal(readEnvironment(schema, { PORT: '' }, []).PORT, 8080);
  });

  test('adds the rules across variables once each one is valid', () => {
    const pair = z.object({ LOW: integer(0, 10).default(1), HIGH: integer(0, 10).default(2) });
    const check = (v: z.infer<typeof pair>) =>
      v.HIGH < v.LOW ? [{ variable: 'HIGH', message: 'must be at least LOW' }] : [];
    assert.deepEqual(configError(() => readEnvironment(pair, { LOW: '5', HIGH: '3' }, [], check)).variables, ['HIGH']);
    assert.equal(readEnvironment(pair, { LOW: '3', HIGH: '5' }, [], check).HIGH, 5);
  });
});
