import fs from 'node:fs';
import { parse } from 'yaml';
import { CliError, EXIT } from './exitCodes';

type Values = Record<string, unknown>;

const SAFE_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * A `--set` value as people type it: JSON when it is JSON that is not a
 * bare string (`3`, `true`, `["dev","prod"]`, `{"a":1}`), the text itself
 * otherwise (`orders`, `group:default/payments`).
 */
export function parseSetValue(text: string): unknown {
  try {
    const value = JSON.parse(text);
    return typeof value === 'string' ? text : value;
  } catch {
    return text;
  }
}

/**
 * Sets `a.b.c=value` in `values`. Keys are plain names only, so
 * `__proto__` or `constructor` can never reach an object's prototype.
 */
export function applySet(values: Values, assignment: string): Values {
  const eq = assignment.indexOf('=');
  if (eq <= 0) {
    throw new CliError(
      `--set: expected key=value, got ${JSON.stringify(assignment)}`,
      EXIT.usage,
    );
  }
  const path = assignment.slice(0, eq).split('.');
  for (const key of path) {
    if (!SAFE_KEY.test(key) || key === '__proto__' || key === 'constructor') {
      throw new CliError(
        `--set: ${JSON.stringify(
          key,
        )} is not a parameter name (letters, digits, _ and -)`,
        EXIT.usage,
      );
    }
  }
  let target = values;
  for (const key of path.slice(0, -1)) {
    const next = target[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) {
      target[key] = {};
    }
    target = target[key] as Values;
  }
  target[path[path.length - 1]] = parseSetValue(assignment.slice(eq + 1));
  return values;
}

/** `--values file.yaml` (a mapping), then each `--set` over it. */
export function readValues(file: string | undefined, sets: string[]): Values {
  let values: Values = {};
  if (file) {
    let parsed: unknown;
    try {
      parsed = parse(fs.readFileSync(file, 'utf8'));
    } catch (error) {
      throw new CliError(
        `--values: cannot read ${file}: ${
          (error as Error).message.split('\n')[0]
        }`,
        EXIT.usage,
      );
    }
    if (parsed === null || parsed === undefined) {
      parsed = {};
    }
    if (typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new CliError(
        `--values: ${file} must be a mapping of parameter names to values`,
        EXIT.usage,
      );
    }
    values = parsed as Values;
  }
  for (const assignment of sets) {
    applySet(values, assignment);
  }
  return values;
}
