const ENTITY_REF =
  /^([a-z][a-z0-9-]{0,62}):(?:([a-z0-9][a-z0-9._-]{0,62})\/)?([a-z0-9][a-z0-9._-]{0,252})$/i;

/**
 * Normalizes an entity ref to `kind:namespace/name` in lowercase, the form
 * the audit store indexes (the catalog compares refs case-insensitively), or
 * returns undefined when the string is not an entity ref. A missing
 * namespace means `default`, as in the catalog.
 *
 * @public
 */
export function normalizeEntityRef(ref: string): string | undefined {
  const match = ENTITY_REF.exec(ref.trim());
  if (!match) {
    return undefined;
  }
  const [, kind, namespace = 'default', name] = match;
  return `${kind}:${namespace}/${name}`.toLocaleLowerCase('en-US');
}
