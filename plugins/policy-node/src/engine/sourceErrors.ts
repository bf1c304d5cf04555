import type { DetailedError } from '@cedar-policy/cedar-wasm/nodejs';

/**
 * `line:column` (1-based) of a character index in `text`.
 */
export function lineOfIndex(text: string, index: number): [number, number] {
  const before = text.slice(0, Math.max(0, index));
  const line = before.split('\n').length;
  const column = index - before.lastIndexOf('\n');
  return [line, column];
}

/**
 * `line:column` of a byte offset: Cedar counts UTF-8 bytes, JavaScript
 * counts UTF-16 units, and a comment with an accent would shift every line.
 */
export function lineOfByteOffset(
  text: string,
  offset: number,
): [number, number] {
  const index = Buffer.from(text, 'utf8')
    .subarray(0, offset)
    .toString('utf8').length;
  return lineOfIndex(text, index);
}

/**
 * Formats Cedar errors as `file:line:column: message (label); help`, one per
 * error. Errors without a location name the file only.
 */
export function describeCedarErrors(
  file: string,
  text: string,
  errors: DetailedError[],
): string[] {
  return errors.map(error => {
    // The validator names the policy by the id Cedar gave it (`policy3`),
    // which means nothing to the author; the location says which one.
    const message = error.message.replace(/^for policy `[^`]*`, /, '');
    const [location] = error.sourceLocations ?? [];
    const where = location
      ? `${file}:${lineOfByteOffset(text, location.start).join(':')}`
      : file;
    const label = location?.label ? ` (${location.label})` : '';
    const help = error.help ? `; ${error.help}` : '';
    return `${where}: ${message}${label}${help}`;
  });
}
