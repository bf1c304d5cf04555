/**
 * JSON with object keys sorted at every level, so the same value always
 * serializes to the same bytes — the canonical content the audit chain
 * hashes, whatever order a plugin or a database returned the keys in.
 * `undefined` members are dropped as `JSON.stringify` drops them.
 *
 * @public
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    // undefined, functions and symbols have no JSON form; arrays hold null.
    return text === undefined ? 'null' : text;
  }
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  const entries = Object.keys(value)
    .sort()
    .filter(key => (value as Record<string, unknown>)[key] !== undefined)
    .map(
      key =>
        `${JSON.stringify(key)}:${canonicalJson(
          (value as Record<string, unknown>)[key],
        )}`,
    );
  return `{${entries.join(',')}}`;
}
