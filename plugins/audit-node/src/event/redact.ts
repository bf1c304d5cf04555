import { canonicalJson } from './canonicalJson';

/** The placeholder that replaces a secret value. @public */
export const REDACTED = '[REDACTED]';

/**
 * Keys whose values are secrets wherever they appear. `secret` also catches
 * the `secrets` of scaffolder tasks, which are replaced wholesale.
 */
const SECRET_KEY =
  /token|passw(or)?d|secret|authori[sz]ation|cookie|api[-_]?key|private[-_]?key|credential|client[-_]?assertion/i;

/** Values that are secrets whatever their key: bearer tokens and JWTs. */
const SECRET_VALUE = /^(bearer|basic)\s+\S+|^eyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]*$/i;

/** `scheme://user:password@host` → the password goes. */
const URL_CREDENTIALS = /(\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:)[^/\s@]+@/gi;

const MAX_DEPTH = 24;

/** Default bound on a record's metadata, as canonical JSON bytes. @public */
export const DEFAULT_MAX_META_BYTES = 16 * 1024;

/**
 * Whether a key names a secret (tokens, passwords, `secrets`,
 * authorization, cookies, API and private keys, credentials).
 *
 * @public
 */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

function redactString(value: string): string {
  if (SECRET_VALUE.test(value.trim())) {
    return REDACTED;
  }
  return value.replace(URL_CREDENTIALS, `$1${REDACTED}@`);
}

/**
 * Turns any value into plain JSON with the secrets replaced by
 * {@link REDACTED}: secret keys at any depth, bearer tokens and JWTs in any
 * value, passwords in URLs. Also makes exotic values storable — dates as ISO
 * strings, errors as `{ name, message }`, bigints as strings, cycles and
 * excessive depth as markers — since plugins hand the auditor what they like.
 *
 * @public
 */
export function redactSecrets(value: unknown): unknown {
  const seen = new WeakSet<object>();
  const walk = (node: unknown, depth: number): unknown => {
    if (typeof node === 'string') {
      return redactString(node);
    }
    if (typeof node === 'number') {
      return Number.isFinite(node) ? node : String(node);
    }
    if (typeof node === 'bigint') {
      return node.toString();
    }
    if (node === null || typeof node === 'boolean') {
      return node;
    }
    if (typeof node !== 'object') {
      return undefined; // functions, symbols, undefined
    }
    if (depth >= MAX_DEPTH) {
      return '[MaxDepth]';
    }
    if (seen.has(node)) {
      return '[Circular]';
    }
    seen.add(node);
    try {
      if (node instanceof Date) {
        return Number.isNaN(node.getTime()) ? null : node.toISOString();
      }
      if (node instanceof Error) {
        return { name: node.name, message: redactString(node.message) };
      }
      if (Array.isArray(node)) {
        return node.map(item => {
          const out = walk(item, depth + 1);
          return out === undefined ? null : out;
        });
      }
      const result: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(node)) {
        if (isSecretKey(key)) {
          result[key] = REDACTED;
        } else {
          const out = walk(item, depth + 1);
          if (out !== undefined) {
            result[key] = out;
          }
        }
      }
      return result;
    } finally {
      seen.delete(node);
    }
  };
  return walk(value, 0);
}

/**
 * Redacts a path's query string: the values of secret-named parameters
 * (`?token=…`, `?api_key=…`) become {@link REDACTED}.
 *
 * @public
 */
export function redactUrlPath(path: string): string {
  const queryStart = path.indexOf('?');
  if (queryStart < 0) {
    return path;
  }
  const query = path
    .slice(queryStart + 1)
    .split('&')
    .map(pair => {
      const [key] = pair.split('=', 1);
      let decoded = key;
      try {
        decoded = decodeURIComponent(key);
      } catch {
        // A malformed escape is still a key; judge it as written.
      }
      return pair.includes('=') && isSecretKey(decoded)
        ? `${key}=${encodeURIComponent(REDACTED)}`
        : pair;
    })
    .join('&');
  return `${path.slice(0, queryStart)}?${query}`;
}

/**
 * The marker that replaces metadata over the size bound: the record says
 * that something was cut, how big it was and which keys it had, instead of
 * silently dropping it or refusing the event.
 *
 * @public
 */
export interface TruncatedMeta {
  [key: string]: unknown;
  truncated: true;
  originalBytes: number;
  keys: string[];
}

/**
 * The metadata an audit record keeps: secrets redacted, and replaced by a
 * {@link TruncatedMeta} marker when its canonical JSON exceeds `maxBytes`.
 * Returns undefined for missing or empty metadata.
 *
 * @public
 */
export function sanitizeMeta(
  meta: unknown,
  maxBytes: number = DEFAULT_MAX_META_BYTES,
): { [key: string]: unknown } | undefined {
  const clean = redactSecrets(meta);
  if (!clean || typeof clean !== 'object' || Array.isArray(clean)) {
    return clean === undefined || clean === null ? undefined : { value: clean };
  }
  const keys = Object.keys(clean);
  if (keys.length === 0) {
    return undefined;
  }
  const bytes = Buffer.byteLength(canonicalJson(clean), 'utf8');
  if (bytes <= maxBytes) {
    return clean as { [key: string]: unknown };
  }
  const marker: TruncatedMeta = {
    truncated: true,
    originalBytes: bytes,
    keys: keys.sort().slice(0, 50),
  };
  return marker;
}
