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

/**
 * Terraform evaluates `${…}` and `%{…}` inside any string of its JSON syntax.
 * Identifiers never contain them (their patterns forbid it); free text that
 * legitimately may is escaped so Terraform reads it literally.
 *
 * @public
 */
export function escapeTerraformLiteral(text: string): string {
  // Function replacements: in a replacement string `$$` would mean one `$`.
  return text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

/** Matches a Terraform template sequence anywhere in a string. */
const TEMPLATE_SEQUENCE = /[$%]\{/;

/**
 * A string refinement refusing Terraform interpolation and directives, and
 * control characters (newlines break out of YAML and HCL).
 *
 * @public
 */
export function safeText(maxLength: number) {
  return (
    z
      .string()
      .max(maxLength, `must be at most ${maxLength} characters`)
      .refine(v => !TEMPLATE_SEQUENCE.test(v), {
        message:
          'must not contain Terraform interpolation or directives ("${" or "%{")',
      })
      // Control characters are exactly what this rule exists to catch.
      // eslint-disable-next-line no-control-regex
      .refine(v => !/[\u0000-\u001f\u007f]/.test(v), {
        message: 'must not contain control characters such as newlines',
      })
  );
}
