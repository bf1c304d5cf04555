import { InputError } from '@backstage/errors';
import { z } from 'zod';

/**
 * Formats zod issues as `path: rule` lines, so an error names the field and
 * the rule it broke (`resources.db.params.storageGb: must be at most 2048`).
 *
 * @public
 */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map(issue => {
      const path = issue.path.map(String).join('.') || '(root)';
      return `${path}: ${issue.message}`;
    })
    .join('; ');
}

/**
 * Parses `value` with `schema`, throwing an `InputError` that names every
 * offending field. `what` says what was being parsed ("workload spec").
 *
 * @public
 */
export function parseInput<T extends z.ZodType>(
  schema: T,
  value: unknown,
  what: string,
): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new InputError(`Invalid ${what}: ${describeIssues(result.error)}`);
  }
  return result.data;
}
