import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ExpiringCache } from '@pave/backend-common';
import { entityOwners, parseEntityRefInput } from '@pave/common';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  BudgetCheck,
  CostEstimate,
  EntityCostResponse,
  GroupCostEntity,
  GroupCostResponse,
  TeamBudgetStatus,
} from '@pave/plugin-cost-common';
import { DatabaseCostStore } from '../database/DatabaseCostStore';
import { compareActuals, monthOf } from './actualsComparison';
import { holdAgainstBudgets, teamBudgetStatus } from './teamBudgets';

/** A team as the catalog holds it, and the components it owns directly. */
interface GroupAndOwned {
  group?: Entity;
  owned: Array<{ ref: string; title?: string }>;
}

const usd = (cents: number) => cents / 100;
const round2 = (value: number) => Math.round(value * 100) / 100;

/** Months of actuals an entity page shows. */
const ENTITY_ACTUAL_MONTHS = 24;
/** Months of actuals a team rollup shows. */
const GROUP_ACTUAL_MONTHS = 12;

/** `group:default/payments` from a ref typed with or without kind/namespace. */
export function parseRef(ref: string, defaultKind: string, field: string) {
  return parseEntityRefInput(ref, { field, defaultKind });
}

/**
 * What entities and teams cost: an entity's current estimate, history,
 * actuals and its team's budget; a team's rollup; an estimate held
 * against a team's budgets. Ownership is the catalog's (`ownedBy`
 * relations of Components); a team's cost is the sum of the current
 * estimates of the Components it owns directly.
 */
export class CostLedger {
  private readonly teams: ExpiringCache<GroupAndOwned>;
  private readonly budgets: ExpiringCache<TeamBudgetStatus>;

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      store: DatabaseCostStore;
      /** |actual − estimate| / estimate above which a month is flagged. */
      divergenceThreshold: number;
      /**
       * How long a team's catalog entry and its components are kept
       * (default 10 s: a catalog change takes as long to be processed).
       */
      teamCacheMs?: number;
      /**
       * How long a team's budget status is kept (default 5 s). Every entity
       * page shows its team's budget, which sums the current estimates of
       * everything the team owns (1,250 components for a large team): read
       * once per team and interval, not once per page. An estimate this
       * backend records drops it at once; another replica's shows within
       * the interval.
       */
      budgetCacheMs?: number;
      /**
       * How much longer an entity page is given a team's budget and
       * components while they reload in the background (default 60 s), so
       * the page of a 1,250-service team never waits for that reload. The
       * budget check of a change always waits for fresh figures.
       */
      staleMs?: number;
      now?: () => Date;
    },
  ) {
    const staleMs = deps.staleMs ?? 60_000;
    this.teams = new ExpiringCache({
      ttlMs: deps.teamCacheMs ?? 10_000,
      staleMs,
      now: deps.now && (() => deps.now!().getTime()),
    });
    this.budgets = new ExpiringCache({
      ttlMs: deps.budgetCacheMs ?? 5_000,
      staleMs,
      now: deps.now && (() => deps.now!().getTime()),
    });
    // Pages show the new figure once it has reloaded; checks wait for it.
    deps.store.onRecorded(() => this.budgets.expire());
  }

  async entityCost(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<EntityCostResponse> {
    const { store, divergenceThreshold } = this.deps;
    const entityRef = parseRef(ref, 'component', 'entity');
    const entity = await this.requireEntity(entityRef, credentials);
    const [current, history, rows] = await Promise.all([
      store.current(entityRef),
      store.history(entityRef),
      store.actualsOf(
        [entityRef],
        monthOf(this.now(), ENTITY_ACTUAL_MONTHS - 1),
      ),
    ]);
    const owners = entityOwners(entity);
    const owner = owners[0];
    return {
      entityRef,
      ...(owner ? { owner } : {}),
      owners,
      ...(current ? { current } : {}),
      history,
      actuals: compareActuals(rows, history, divergenceThreshold),
      divergenceThreshold,
      ...(owner?.startsWith('group:')
        ? { budget: await this.budgetStatus(owner) }
        : {}),
    };
  }

  /** The entity as the caller sees it; 404 when they cannot. */
  async requireEntity(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const entity = await this.deps.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity) {
      throw new NotFoundError(
        `${entityRef} is not in the catalog, or you may not see it`,
      );
    }
    return entity;
  }

  async groupCost(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<GroupCostResponse> {
    const groupRef = parseRef(ref, 'group', 'group');
    if (!groupRef.startsWith('group:')) {
      throw new InputError(
        `group: ${groupRef} is not a Group; a team rollup is for group:namespace/name`,
      );
    }
    const group = await this.requireEntity(groupRef, credentials);
    const owned = await this.ownedComponents(groupRef);
    const current = await this.deps.store.currentOf(owned.map(o => o.ref));
    const { months: monthly, latest: lastActual } =
      await this.deps.store.actualsRollup(
        owned.map(o => o.ref),
        monthOf(this.now(), GROUP_ACTUAL_MONTHS - 1),
      );
    const entities: GroupCostEntity[] = owned.map(
      ({ ref: entityRef, title }) => {
        const estimate = current.get(entityRef);
        const actual = lastActual.get(entityRef);
        return {
          entityRef,
          ...(title ? { title } : {}),
          ...(estimate
            ? {
                monthlyUsd: usd(estimate.monthlyCents),
                complete: estimate.complete,
                recordedAt: estimate.recordedAt,
              }
            : {}),
          byEnvironmentType: Object.fromEntries(
            Object.entries(estimate?.byEnvironmentTypeCents ?? {}).map(
              ([type, cents]) => [type, usd(cents)],
            ),
          ),
          ...(actual
            ? {
                lastActual: {
                  month: actual.month,
                  actualUsd: round2(actual.micros / 1e6),
                },
              }
            : {}),
        };
      },
    );
    entities.sort(
      (a, b) =>
        (b.monthlyUsd ?? -1) - (a.monthlyUsd ?? -1) ||
        a.entityRef.localeCompare(b.entityRef),
    );
    return {
      groupRef,
      budget: teamBudgetStatus(groupRef, group, owned.length, current),
      entities,
      actuals: [...monthly.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([month, micros]) => ({ month, actualUsd: round2(micros / 1e6) })),
    };
  }

  /**
   * A team's budgets against the current estimates of what it owns. The
   * team and its components are read as the cost plugin, so the figure is
   * the same whoever asks.
   */
  async budgetStatus(
    groupRef: string,
    options?: {
      /** An owned component left out, as if it had no estimate. */
      excluding?: string;
      /** Wait for figures within their cache time, never stale ones. */
      fresh?: boolean;
    },
  ): Promise<TeamBudgetStatus> {
    const excluding = options?.excluding;
    const fresh = options?.fresh ?? false;
    return this.budgets.get(
      `${groupRef}|${excluding ?? ''}`,
      async () => {
        const { group, owned } = await this.groupAndOwned(groupRef, fresh);
        const counted = owned.filter(o => o.ref !== excluding);
        const current = await this.deps.store.currentOf(
          counted.map(o => o.ref),
        );
        return teamBudgetStatus(groupRef, group, counted.length, current);
      },
      { fresh },
    );
  }

  /**
   * An estimate held against the owner's budgets; with `replaces`, the
   * estimate of a change to that component, which takes the place of its
   * current one instead of adding to it.
   */
  async budgetCheck(
    owner: string,
    estimate: CostEstimate,
    replaces?: string,
  ): Promise<BudgetCheck> {
    const groupRef = parseRef(owner, 'group', 'owner');
    return holdAgainstBudgets(
      await this.budgetStatus(groupRef, { excluding: replaces, fresh: true }),
      estimate,
    );
  }

  /** Components the group owns directly, by ref. */
  private async ownedComponents(groupRef: string) {
    return (await this.groupAndOwned(groupRef)).owned;
  }

  /**
   * The group and the components it owns directly, in one catalog request,
   * read as the cost plugin so the figure is the same whoever asks; kept for
   * `teamCacheMs` (a team's budget is held against every wizard change).
   * Their estimates are read fresh from the store each time.
   */
  private groupAndOwned(
    groupRef: string,
    fresh = false,
  ): Promise<GroupAndOwned> {
    return this.teams.get(groupRef, () => this.readGroupAndOwned(groupRef), {
      fresh,
    });
  }

  private async readGroupAndOwned(groupRef: string): Promise<GroupAndOwned> {
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    // Two requests, so only the group's annotations (its budgets) are
    // read: a large team's 1,250 components come back as refs and titles.
    const [group, { items }] = await Promise.all([
      this.deps.catalog.getEntityByRef(groupRef, { credentials }),
      this.deps.catalog.getEntities(
        {
          filter: { kind: 'component', 'relations.ownedBy': groupRef },
          fields: [
            'kind',
            'metadata.namespace',
            'metadata.name',
            'metadata.title',
          ],
        },
        { credentials },
      ),
    ]);
    return {
      ...(group && group.kind.toLocaleLowerCase('en-US') === 'group'
        ? { group }
        : {}),
      owned: items.map(entity => ({
        ref: stringifyEntityRef(entity).toLocaleLowerCase('en-US'),
        ...(entity.metadata.title ? { title: entity.metadata.title } : {}),
      })),
    };
  }

  private now() {
    return this.deps.now?.() ?? new Date();
  }
}
