import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ExpiringCache } from '@pave/backend-common';

/** How long a template lookup stands: the permission policy's template inventory is as old. */
const DEFAULT_TTL_MS = 10_000;

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
  private readonly cache: ExpiringCache<Entity | undefined>;

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      ttlMs?: number;
      now?: () => number;
    },
  ) {
    this.cache = new ExpiringCache({
      ttlMs: deps.ttlMs ?? DEFAULT_TTL_MS,
      now: deps.now,
    });
  }

  get(
    templateRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity | undefined> {
    return this.cache.get(`${principalKey(credentials)}|${templateRef}`, () =>
      this.deps.catalog.getEntityByRef(templateRef, { credentials }),
    );
  }
}
