import { normalizeEntityRef } from '@pave/plugin-audit-common';

/** More refs than this on one event are bulk reads; the first ones are kept. */
export const MAX_ENTITY_REFS = 100;

/**
 * Request paths that name an entity, with the index of kind, namespace and
 * name in the match. Core and Pave routes that address one entity.
 */
const PATH_PATTERNS: Array<{
  pattern: RegExp;
  order: [number, number, number];
}> = [
  // /api/catalog/entities/by-name/:kind/:namespace/:name
  {
    pattern: /\/entities\/by-name\/([^/?#]+)\/([^/?#]+)\/([^/?#]+)/,
    order: [1, 2, 3],
  },
  // /api/policy/compliance/:kind/:namespace/:name, /api/cost/…/entity/:kind/:namespace/:name
  {
    pattern: /\/(?:compliance|entity)\/([a-z][\w-]*)\/([^/?#]+)\/([^/?#]+)/i,
    order: [1, 2, 3],
  },
  // TechDocs: /api/techdocs/…/:namespace/:kind/:name
  {
    pattern:
      /\/(?:static\/docs|metadata\/(?:techdocs|entity)|sync)\/([^/?#]+)\/([^/?#]+)\/([^/?#]+)/,
    order: [2, 1, 3],
  },
];

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

function fromPath(path: string, into: Set<string>) {
  for (const { pattern, order } of PATH_PATTERNS) {
    const match = pattern.exec(path);
    if (match) {
      const [kind, namespace, name] = order.map(i => decode(match[i]));
      const ref = normalizeEntityRef(`${kind}:${namespace}/${name}`);
      if (ref) {
        into.add(ref);
      }
    }
  }
  const queryStart = path.indexOf('?');
  if (queryStart >= 0) {
    for (const pair of path.slice(queryStart + 1).split('&')) {
      const value = decode(
        pair.slice(pair.indexOf('=') + 1).replace(/\+/g, ' '),
      );
      for (const candidate of value.split(',')) {
        addIfRef(candidate, into);
      }
    }
  }
}

/**
 * Full refs only (`kind:namespace/name`): a bare `kind:name` is too often
 * something else (`sha256:…`, `mailto:…`) to index.
 */
function addIfRef(value: string, into: Set<string>) {
  if (value.length > 320 || !/^[^:/\s]+:[^:/\s]+\/[^:/\s]+$/.test(value)) {
    return;
  }
  const ref = normalizeEntityRef(value);
  if (ref) {
    into.add(ref);
  }
}

function fromValue(value: unknown, into: Set<string>, depth: number) {
  if (into.size >= MAX_ENTITY_REFS || depth > 16) {
    return;
  }
  if (typeof value === 'string') {
    addIfRef(value.trim(), into);
  } else if (Array.isArray(value)) {
    value.forEach(item => fromValue(item, into, depth + 1));
  } else if (value && typeof value === 'object') {
    const entity = value as {
      kind?: unknown;
      metadata?: { name?: unknown; namespace?: unknown };
    };
    // An entity (or its envelope) in the metadata: the catalog's mutations.
    if (
      typeof entity.kind === 'string' &&
      typeof entity.metadata?.name === 'string'
    ) {
      const namespace =
        typeof entity.metadata.namespace === 'string'
          ? entity.metadata.namespace
          : 'default';
      addIfRef(`${entity.kind}:${namespace}/${entity.metadata.name}`, into);
    }
    Object.values(value).forEach(item => fromValue(item, into, depth + 1));
  }
}

/**
 * Every catalog entity an audit event names — in its metadata (the
 * template, the created component, the judged principal, an entity object)
 * and in its request path (`/entities/by-name/component/default/x`, an
 * `entityRef` query parameter) — normalized, deduplicated, at most
 * {@link MAX_ENTITY_REFS}, in order of discovery.
 *
 * @public
 */
export function extractEntityRefs(
  meta: unknown,
  requestPath?: string,
): string[] {
  const refs = new Set<string>();
  if (requestPath) {
    fromPath(requestPath, refs);
  }
  fromValue(meta, refs, 0);
  return [...refs].slice(0, MAX_ENTITY_REFS);
}
