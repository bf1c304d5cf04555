import { AuthService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { TemplateFacts } from '@pave/plugin-policy-common';

/**
 * What the permission policy needs to know about the catalog's templates:
 * each template's facts, the `backstage:permissions.tags` their parameters
 * and steps carry, and the actions their steps run.
 *
 * @public
 */
export interface TemplateInventory {
  templates: TemplateFacts[];
  sectionTags: string[];
  actionIds: string[];
  /** Changes on every refresh, so callers can key caches on it. */
  generation: number;
}

/**
 * Where the inventory comes from; a test hands in a fixed one.
 *
 * @public
 */
export interface TemplateSource {
  inventory(): Promise<TemplateInventory>;
}

interface Section {
  'backstage:permissions'?: { tags?: unknown };
  action?: unknown;
}

function sectionTags(section: Section): string[] {
  const tags = section['backstage:permissions']?.tags;
  return Array.isArray(tags)
    ? tags.filter((t): t is string => typeof t === 'string')
    : [];
}

/**
 * Reads an inventory out of Template entities.
 *
 * @public
 */
export function inventoryOf(
  entities: Entity[],
  generation: number,
): TemplateInventory {
  const tags = new Set<string>();
  const actions = new Set<string>();
  const templates: TemplateFacts[] = [];
  for (const entity of entities) {
    const spec = (entity.spec ?? {}) as {
      owner?: unknown;
      type?: unknown;
      lifecycle?: unknown;
      parameters?: unknown;
      steps?: unknown;
    };
    const parameters = [spec.parameters ?? []].flat() as Section[];
    const steps = (Array.isArray(spec.steps) ? spec.steps : []) as Section[];
    for (const section of [...parameters, ...steps]) {
      sectionTags(section).forEach(t => tags.add(t));
    }
    for (const step of steps) {
      if (typeof step.action === 'string') {
        actions.add(step.action);
      }
    }
    templates.push({
      type: 'template',
      ref: stringifyEntityRef(entity),
      name: entity.metadata.name,
      namespace: entity.metadata.namespace ?? 'default',
      owner: typeof spec.owner === 'string' ? spec.owner : '',
      ...(typeof spec.type === 'string' ? { templateType: spec.type } : {}),
      ...(typeof spec.lifecycle === 'string'
        ? { lifecycle: spec.lifecycle }
        : {}),
      tags: entity.metadata.tags ?? [],
    });
  }
  return {
    templates,
    sectionTags: [...tags].sort(),
    actionIds: [...actions].sort(),
    generation,
  };
}

/**
 * The catalog's templates, read with the plugin's own service credentials
 * (service calls bypass the permission policy, so this never recurses) and
 * kept for `ttlMs`. Concurrent callers share one refresh; a failed refresh
 * keeps serving the last inventory and retries on the next call.
 */
export class CatalogTemplateSource implements TemplateSource {
  private current: TemplateInventory | undefined;
  private fetchedAt = 0;
  private refreshing: Promise<TemplateInventory> | undefined;
  private generation = 0;
  private fingerprint = '';

  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      /** Extra action ids to judge besides those templates use. */
      governedActions: string[];
      ttlMs?: number;
      now?: () => number;
    },
  ) {}

  async inventory(): Promise<TemplateInventory> {
    const { ttlMs = 10_000, now = Date.now } = this.options;
    if (this.current && now() - this.fetchedAt < ttlMs) {
      return this.current;
    }
    this.refreshing ??= this.refresh().finally(() => {
      this.refreshing = undefined;
    });
    try {
      return await this.refreshing;
    } catch (error) {
      if (this.current) {
        return this.current;
      }
      throw error;
    }
  }

  private async refresh(): Promise<TemplateInventory> {
    const { catalog, auth, governedActions, now = Date.now } = this.options;
    const { items } = await catalog.getEntities(
      {
        filter: { kind: 'Template' },
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.tags',
          'spec.owner',
          'spec.type',
          'spec.lifecycle',
          'spec.parameters',
          'spec.steps',
        ],
      },
      { credentials: await auth.getOwnServiceCredentials() },
    );
    const inventory = inventoryOf(items, this.generation);
    inventory.actionIds = [
      ...new Set([...inventory.actionIds, ...governedActions]),
    ].sort();
    // A new generation only when something changed, so decisions cached
    // against an unchanged catalog stay valid across refreshes.
    const { generation: _g, ...content } = inventory;
    const fingerprint = JSON.stringify(content);
    if (fingerprint !== this.fingerprint) {
      this.generation += 1;
      this.fingerprint = fingerprint;
    }
    inventory.generation = this.generation;
    this.current = inventory;
    this.fetchedAt = now();
    return inventory;
  }
}
