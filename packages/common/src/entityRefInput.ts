import { InputError } from '@backstage/errors';
import { z } from 'zod';

// The catalog's own limits: a kind is letters, digits and dashes; a
// namespace and a name start with a letter or digit, then also `.`, `_`, `-`
// (names up to 253 characters, as custom validators may allow).
const ENTITY_REF =
  /^(?:([a-z][a-z0-9-]{0,62}):)?(?:([a-z0-9][a-z0-9._-]{0,62})\/)?([a-z0-9][a-z0-9._-]{0,252})$/i;

/**
 * An entity ref from a request (`payments`, `group:payments`,
 * `component:default/orders`) as `kind:namespace/name` in lower case, the
 * form Pave stores and compares. Anything else, including a ref with no
 * kind where no default is given, is an `InputError` naming `field`,
 * before the catalog is asked.
 *
 * @public
 */
export function parseEntityRefInput(
  ref: string,
  options: { field: string; defaultKind?: string },
): string {
  const match = ENTITY_REF.exec(ref);
  const kind = match?.[1] ?? options.defaultKind;
  if (!match || !kind) {
    const example = `${options.defaultKind ?? 'component'}:default/payments`;
    throw new InputError(
      `${options.field}: ${JSON.stringify(
        ref.length > 80 ? `${ref.slice(0, 80)}…` : ref,
      )} is not an entity ref; use kind:namespace/name, such as ${example}`,
    );
  }
  const [, , namespace = 'default', name] = match;
  return `${kind}:${namespace}/${name}`.toLocaleLowerCase('en-US');
}

/**
 * A zod string that must be an entity ref under the rule of
 * {@link parseEntityRefInput}; the value stays as written.
 *
 * @public
 */
export function entityRefText(defaultKind: string) {
  return z
    .string()
    .max(400, 'must be at most 400 characters')
    .refine(value => ENTITY_REF.test(value), {
      message: `must be an entity ref such as ${defaultKind}:default/payments`,
    });
}
