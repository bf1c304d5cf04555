import { z } from 'zod';

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
