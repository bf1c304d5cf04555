import assert from 'node:assert/strict';
import { ConfigError } from '../environment';

/** The ConfigError `fn` throws; the test fails when it throws none, or another error. */
export function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a ConfigError, but nothing was thrown');
}
