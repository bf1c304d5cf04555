import { z } from 'zod';

/**
 * How free text may look wherever Pave reads it: template parameters, API
 * bodies, query strings, path segments. One rule, so a value the portal
 * accepts is accepted by the CLI, the API and every action alike.
 *
 * @public
 */
export interface FreeTextRule {
  /** Longest value, in UTF-16 code units (what `string.length` counts). */
  maxLength: number;
  /** Newlines (LF, CR) allowed: file contents, multi-line descriptions. */
  multiline?: boolean;
}

// Every C0 control except tab, DEL, and the C1 controls (U+0080–U+009F).
// Control characters are exactly what these patterns exist to catch.
/* eslint-disable no-control-regex */
const SINGLE_LINE_CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/;
const MULTILINE_CONTROL =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
/* eslint-enable no-control-regex */
// Half of a surrogate pair on its own (JSON can spell one: "\ud800"): not
// a Unicode character, not encodable as UTF-8; PostgreSQL refuses it.
const LONE_SURROGATE =
  /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function codePoint(char: string): string {
  return `U+${char
    .codePointAt(0)!
    .toString(16)
    .toUpperCase()
    .padStart(4, '0')}`;
}

/**
 * What is wrong with `value` under `rule`, as a rule a person can act on
 * ("must not contain control characters (U+0000 at position 3)"), or
 * `undefined` when it is fine.
 *
 * @public
 */
export function freeTextProblem(
  value: string,
  rule: FreeTextRule,
): string | undefined {
  if (value.length > rule.maxLength) {
    return `must be at most ${rule.maxLength} characters (got ${value.length})`;
  }
  const control = (
    rule.multiline ? MULTILINE_CONTROL : SINGLE_LINE_CONTROL
  ).exec(value);
  if (control) {
    const allowed = rule.multiline ? 'tab and newlines' : 'tab';
    return `must not contain control characters other than ${allowed} (${codePoint(
      control[0],
    )} at position ${control.index})`;
  }
  const surrogate = LONE_SURROGATE.exec(value);
  if (surrogate) {
    return `must be valid Unicode (a lone surrogate ${codePoint(
      surrogate[0],
    )} at position ${surrogate.index})`;
  }
  return undefined;
}

/**
 * A zod string under the free-text rule, for schemas shared by the portal,
 * the CLI and the server.
 *
 * @public
 */
export function freeText(rule: FreeTextRule) {
  return z.string().superRefine((value, ctx) => {
    const problem = freeTextProblem(value, rule);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}

/**
 * Where a value sits in a request or an input, in the form errors name it:
 * `body.workload.metadata.name`, `query.entityRef`, `input.values[2]`.
 */
function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return /^[A-Za-z_$][\w$-]*$/.test(key)
    ? `${parent}.${key}`
    : `${parent}[${JSON.stringify(key)}]`;
}

/**
 * Checks every string (and object key) in a parsed JSON-like value against
 * `rule`, breadth first so depth costs no stack. Returns the first problem,
 * naming where it is, or `undefined`.
 *
 * @public
 */
export function findFreeTextProblem(
  value: unknown,
  root: string,
  rule: FreeTextRule & { maxDepth?: number },
): string | undefined {
  const maxDepth = rule.maxDepth ?? 64;
  const queue: Array<[unknown, string, number]> = [[value, root, 0]];
  // Naming a key needs a readable key; a key is never multi-line.
  const keyRule = { maxLength: 1024 };
  for (let i = 0; i < queue.length; i++) {
    const [item, path, depth] = queue[i];
    if (typeof item === 'string') {
      const problem = freeTextProblem(item, rule);
      if (problem) return `${path}: ${problem}`;
    } else if (item !== null && typeof item === 'object') {
      if (depth >= maxDepth) {
        return `${path}: must not be nested deeper than ${maxDepth} levels`;
      }
      if (Array.isArray(item)) {
        item.forEach((child, index) =>
          queue.push([child, childPath(path, index), depth + 1]),
        );
      } else {
        for (const [key, child] of Object.entries(item)) {
          const keyProblem = freeTextProblem(key, keyRule);
          if (keyProblem) {
            return `${path}: every key ${keyProblem}`;
          }
          queue.push([child, childPath(path, key), depth + 1]);
        }
      }
    }
  }
  return undefined;
}
