import {
  Entity,
  RELATION_OWNED_BY,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';

/** `group:default/payments`, lowercase: the catalog compares refs so. */
function normalized(ref: string, namespace: string): string | undefined {
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, {
        defaultKind: 'group',
        defaultNamespace: namespace,
      }),
    ).toLocaleLowerCase('en-US');
  } catch {
    return undefined;
  }
}

/**
 * The annotation on a team's Group naming the cost centre its services are
 * charged to (`pave.dev/cost-center: CC-2100`): the default wherever a
 * request names none (template checks, estimates, previews, the CLI).
 *
 * @public
 */
export const COST_CENTER_ANNOTATION = 'pave.dev/cost-center';

/**
 * Who owns an entity — the one rule every Pave plugin applies (who may read
 * its audit trail, whose budget its cost counts against, which team a
 * compliance verdict judges as):
 *
 * - every `ownedBy` relation the catalog holds for it (a processor may add
 *   owners besides `spec.owner`);
 * - else its `spec.owner`, for an entity the catalog has not processed yet.
 *
 * Refs come back as `kind:namespace/name` in lowercase, without repeats,
 * the accountable owner (`spec.owner`) first when it is among them, the
 * rest in alphabetical order. An owner that is not an entity ref is left
 * out.
 *
 * @public
 */
export function entityOwners(entity: Entity): string[] {
  const namespace = entity.metadata.namespace ?? 'default';
  const spec = entity.spec?.owner;
  const accountable =
    typeof spec === 'string' ? normalized(spec, namespace) : undefined;
  const related = new Set(
    (entity.relations ?? [])
      .filter(relation => relation.type === RELATION_OWNED_BY)
      .map(relation => normalized(relation.targetRef, namespace))
      .filter((ref): ref is string => ref !== undefined),
  );
  if (related.size === 0) {
    return accountable ? [accountable] : [];
  }
  const rest = [...related].filter(ref => ref !== accountable).sort();
  return accountable && related.has(accountable)
    ? [accountable, ...rest]
    : rest;
}

/**
 * The accountable owner of an entity: the first of {@link entityOwners}
 * (its `spec.owner` when the catalog relates it), or undefined.
 *
 * @public
 */
export function primaryOwner(entity: Entity): string | undefined {
  return entityOwners(entity)[0];
}
