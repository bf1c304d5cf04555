import { freeText } from '@pave/common';

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
 * what Pave's free-text rule refuses on one line (newlines break out of YAML
 * and HCL).
 *
 * @public
 */
export function safeText(maxLength: number) {
  return freeText({ maxLength }).refine(v => !TEMPLATE_SEQUENCE.test(v), {
    message:
      'must not contain Terraform interpolation or directives ("${" or "%{")',
  });
}
