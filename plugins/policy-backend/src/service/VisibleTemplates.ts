import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

/** How long a template lookup stands: the permission policy's template inventory is as old. */
const DEFAULT_TTL_MS = 10_000;
/** Lookups kept at most; the oldest go first. */
const DEFAULT_MAX_ENTRIES = 1000;

/** Who asks: a user by ref, a service by subject. */
function principalKey(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  return `${principal.type}:${principal.userEntityRef ?? principal.subject}`;
}

/**
 * A template as the catalog shows it to the caller (their permissions
 * decide whether they see it), kept for a few seconds per caller and
 * template: the wizard checks on every change, and the template does not
 * change while someone types. A new template, or one newly hidden, shows
 * within `ttlMs` (10 s), as in the permission policy.
 */
export class VisibleTemplates {
  private readonly entries = new Map<
    string,
    { expires: number; entity: Promise<Entity | undefined> }
  >();

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      ttlMs?: number;
      maxEntries?: number;
      now?: () => number;
    },
  ) {}

  get(
    templateRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity | undefined> {
    const now = this.deps.now?.() ?? Date.now();
    const key = `${principalKey(credentials)}|${templateRef}`;
    const cached = this.entries.get(key);
    if (cached && cached.expires > now) {
      return cached.entity;
    }
    this.entries.delete(key);
    const entity = this.deps.catalog
      .getEntityByRef(templateRef, { credentials })
      .catch(error => {
        // A failed lookup is not an answer to keep.
        this.entries.delete(key);
        throw error;
      });
    this.entries.set(key, {
      expires: now + (this.deps.ttlMs ?? DEFAULT_TTL_MS),
      entity,
    });
    const max = this.deps.maxEntries ?? DEFAULT_MAX_ENTRIES;
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= max) break;
      this.entries.delete(oldest);
    }
    return entity;
  }
}
