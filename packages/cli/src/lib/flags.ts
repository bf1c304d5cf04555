import { CliError, EXIT } from './exitCodes';

/** A flag that takes a whole number within bounds (`--limit`, `--ttl`…). */
export function wholeNumber(
  value: string,
  flag: string,
  min: number,
  max: number,
): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new CliError(
      `${flag}: must be a whole number from ${min} to ${max}`,
      EXIT.usage,
    );
  }
  return n;
}
