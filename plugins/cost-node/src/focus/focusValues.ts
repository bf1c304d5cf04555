/**
 * Parsers for the values of one FOCUS row. Each throws a {@link RowError}
 * whose message names the column and the rule, so a bad value rejects its
 * row and the rest of the file goes on.
 */

import { detach } from './CsvRecordSplitter';

/** A value that makes its row unusable; the message names the column. */
export class RowError extends Error {}

/** A value quoted for a message, cut short: Tags can be kilobytes long. */
export function quote(text: string): string {
  return JSON.stringify(text.length > 120 ? `${text.slice(0, 117)}...` : text);
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,4}))?$/;

/**
 * A decimal (`-12.3456789`; FOCUS allows negatives for credits) as integer
 * micro-units, rounded half away from zero beyond six decimals. Exact:
 * digits are shifted as text, never multiplied as floats. E-notation is
 * accepted although FOCUS forbids it, as some exports still write it.
 */
export function parseMicros(column: string, raw: string): number {
  const text = raw.trim();
  const match = DECIMAL.exec(text);
  if (!match || (match[2] === '' && !match[3])) {
    throw new RowError(
      text === ''
        ? `${column}: is empty; a number is required`
        : `${column}: ${quote(raw)} is not a number`,
    );
  }
  const [, sign, whole, fraction = '', exponent] = match;
  const digits = whole + fraction;
  // Where the decimal point falls in `digits` once scaled to micro-units.
  const point = whole.length + 6 + (exponent ? Number(exponent) : 0);
  let magnitude = 0;
  if (point === 0) {
    magnitude = digits.charCodeAt(0) >= 53 ? 1 : 0; // '5'
  } else if (point > 0) {
    const kept =
      point >= digits.length
        ? digits + '0'.repeat(point - digits.length)
        : digits.slice(0, point);
    // Beyond 15 digits a double no longer holds every integer exactly.
    if (kept.length > 15 && kept.replace(/^0+/, '').length > 15) {
      throw new RowError(
        `${column}: ${quote(raw)} is too large (at most 999,999,999 USD a row)`,
      );
    }
    magnitude = Number(kept);
    if (point < digits.length && digits.charCodeAt(point) >= 53) {
      magnitude += 1;
    }
  }
  return sign === '-' && magnitude !== 0 ? -magnitude : magnitude;
}

/** An instant: epoch milliseconds and its UTC month. */
export interface Instant {
  ms: number;
  /** `YYYY-MM`, UTC. */
  month: string;
}

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|z| ?UTC|[+-]\d{2}(?::?\d{2})?)?$/;

function readDateTime(text: string): Instant | undefined {
  const m = DATE_TIME.exec(text);
  if (!m) {
    return undefined;
  }
  const [year, month, day, hour, minute] = m.slice(1, 6).map(Number);
  const second = m[6] ? Number(m[6]) : 0;
  const millis = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > lastDay ||
    hour > 24 ||
    (hour === 24 && (minute > 0 || second > 0 || millis > 0)) ||
    minute > 59 ||
    second > 59
  ) {
    return undefined;
  }
  // FOCUS date-times are UTC; an explicit offset is honoured, none means UTC.
  let offsetMinutes = 0;
  const zone = m[8] ?? 'Z';
  if (zone[0] === '+' || zone[0] === '-') {
    const digits = zone.slice(1).replace(':', '');
    offsetMinutes =
      (zone[0] === '-' ? -1 : 1) *
      (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0));
  }
  const ms =
    Date.UTC(year, month - 1, day, hour, minute, second, millis) -
    offsetMinutes * 60_000;
  return { ms, month: new Date(ms).toISOString().slice(0, 7) };
}

const PROVIDERS: Record<string, string> = {
  aws: 'aws',
  'amazon web services': 'aws',
  amazon: 'aws',
  gcp: 'gcp',
  google: 'gcp',
  'google cloud': 'gcp',
  'google cloud platform': 'gcp',
  azure: 'azure',
  microsoft: 'azure',
  'microsoft azure': 'azure',
};

function slugProvider(name: string): string {
  const key = name.trim().toLowerCase();
  // The slug is kept in the lines: a copy, not a slice of the chunk.
  return (
    PROVIDERS[key] ??
    detach(key.replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, ''))
  );
}

/** What Pave reads from a row's tags. */
export interface PaveTags {
  /** The `service` tag, lower-cased: a component name. */
  service?: string;
  /** The `environment` tag, lower-cased. */
  environment?: string;
}

const ENTITY_NAME = /^[a-z0-9]+(?:[-_.][a-z0-9]+)*$/;

function readTags(text: string): PaveTags | string {
  if (text.trim() === '') {
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return `Tags: ${quote(text)} is not JSON`;
  }
  if (parsed === null) {
    return {};
  }
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    return `Tags: ${quote(text)} is not a JSON object`;
  }
  const tags = parsed as Record<string, unknown>;
  for (const [key, value] of Object.entries(tags)) {
    // FOCUS key-value format: scalars only (`true` marks a valueless tag).
    if (typeof value === 'object' && value !== null) {
      return `Tags: the value of ${JSON.stringify(key)} is ${
        Array.isArray(value) ? 'an array' : 'an object'
      }; FOCUS tag values are strings, numbers, booleans or null`;
    }
  }
  const result: PaveTags = {};
  for (const name of ['service', 'environment'] as const) {
    const value = tags[name];
    if (value === undefined || value === null) {
      continue;
    }
    if (typeof value !== 'string') {
      return `Tags: the value of "${name}" must be a string, not ${JSON.stringify(
        value,
      )}`;
    }
    result[name] = value.trim().toLowerCase();
  }
  if (result.service !== undefined) {
    if (result.service.length > 63 || !ENTITY_NAME.test(result.service)) {
      return `Tags: service ${quote(
        tags.service as string,
      )} is not a valid entity name (a-z, 0-9 and single - _ . between them, at most 63 characters)`;
    }
  }
  if (result.environment === '') {
    delete result.environment;
  }
  return result;
}

/** Caches are bounded so memory does not grow with the row count. */
const CACHE_LIMIT = 10_000;

function cached<T>(
  cache: Map<string, T>,
  key: string,
  read: (key: string) => T,
): T {
  const hit = cache.get(key);
  if (hit !== undefined || cache.has(key)) {
    return hit as T;
  }
  if (cache.size >= CACHE_LIMIT) {
    cache.clear();
  }
  const value = read(key);
  // Kept past its row, a key cut from a chunk would keep the chunk.
  cache.set(detach(key), value);
  return value;
}

/**
 * Reads the values of one file's rows. Charge periods, provider names and
 * tags repeat across rows (every row of a resource carries the same
 * tags), so each reader memoizes them in small bounded caches.
 */
export class FocusValueReader {
  private readonly instants = new Map<string, Instant | undefined>();
  private readonly providers = new Map<string, string>();
  private readonly tags = new Map<string, PaveTags | string>();

  /**
   * An ISO 8601 date-time (`2026-10-01T00:00:00Z`, with optional fraction
   * and offset; a space instead of `T` and BigQuery's ` UTC` suffix are
   * accepted).
   */
  dateTime(column: string, text: string): Instant {
    const instant = cached(this.instants, text, readDateTime);
    if (!instant) {
      throw new RowError(
        `${column}: ${quote(text)} is not an ISO 8601 date-time`,
      );
    }
    return instant;
  }

  /**
   * `aws`, `gcp` or `azure` for the names the three clouds write in
   * `ProviderName`/`ServiceProviderName`; any other provider as a slug.
   */
  provider(column: string, name: string): string {
    const slug = cached(this.providers, name, slugProvider);
    if (slug === '') {
      throw new RowError(`${column}: ${quote(name)} does not name a provider`);
    }
    return slug;
  }

  /**
   * The `service` and `environment` tags of a FOCUS `Tags` value (a JSON
   * object; empty means no tags).
   */
  paveTags(text: string): PaveTags {
    const tags = cached(this.tags, text, readTags);
    if (typeof tags === 'string') {
      throw new RowError(tags);
    }
    return tags;
  }
}
