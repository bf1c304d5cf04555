import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ExpiringCache } from '@pave/backend-common';
import { entityOwners } from '@pave/common';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ActualMonth,
  BudgetCheck,
  BudgetLine,
  CostEstimate,
  EntityCostResponse,
  EstimateHistoryPoint,
  GroupCostEntity,
  GroupCostResponse,
  TeamBudgetStatus,
  parseBudgetAnnotations,
} from '@pave/plugin-cost-common';
import { EnvironmentType } from '@pave/plugin-infra-common';
import {
  ActualsMonthRow,
  CurrentEstimate,
  DatabaseCostStore,
  summarize,
} from '../database/DatabaseCostStore';

/** A team as the catalog holds it, and the components it owns directly. */
interface GroupAndOwned {
  group?: Entity;
  owned: Array<{ ref: string; title?: string }>;
}

/** Months of actuals an entity page shows. */
const ENTITY_ACTUAL_MONTHS = 24;
/** Months of actuals a team rollup shows. */
const GROUP_ACTUAL_MONTHS = 12;

/** `group:default/payments` from a ref typed with or without kind/namespace. */
export function parseRef(ref: string, defaultKind: string, field: string) {
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' }),
    ).toLocaleLowerCase('en-US');
  } catch (error) {
    throw new InputError(
      `${field}: ${JSON.stringify(ref)} is not an entity ref (${
        (error as Error).message
      }); use kind:namespace/name, such as ${defaultKind}:default/payments`,
    );
  }
}

/** `2026-10` of a date, `monthsBack` months earlier. */
export function monthOf(date: Date, monthsBack = 0): string {
  const d = new Date(
    Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - monthsBack, 1),
  );
  return d.toISOString().slice(0, 7);
}

function monthBounds(month: string): [number, number] {
  const [year, m] = month.split('-').map(Number);
  return [Date.UTC(year, m - 1, 1), Date.UTC(year, m, 1)];
}

const usd = (cents: number) => cents / 100;
const round2 = (value: number) => Math.round(value * 100) / 100;

/**
 * Each billed month against the estimate in force at its end — the last
 * one recorded before the month closed — prorated to the part of the
 * month the billing data covers, so a month in progress compares like
 * with like.
 */
export function compareActuals(
  rows: ActualsMonthRow[],
  history: EstimateHistoryPoint[],
  threshold: number,
): ActualMonth[] {
  const months = new Map<
    string,
    { micros: number; byEnvironment: Record<string, number>; covered: string }
  >();
  for (const row of rows) {
    const month = months.get(row.month) ?? {
      micros: 0,
      byEnvironment: {},
      covered: row.coveredUntil,
    };
    month.micros += row.micros;
    month.byEnvironment[row.environment] =
      (month.byEnvironment[row.environment] ?? 0) + row.micros;
    if (row.coveredUntil > month.covered) {
      month.covered = row.coveredUntil;
    }
    months.set(row.month, month);
  }
  return [...months.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, data]) => {
      const [start, end] = monthBounds(month);
      const actualUsd = round2(data.micros / 1e6);
      const result: ActualMonth = {
        month,
        actualUsd,
        byEnvironment: Object.fromEntries(
          Object.entries(data.byEnvironment).map(([env, micros]) => [
            env,
            round2(micros / 1e6),
          ]),
        ),
        coveredUntil: data.covered,
        diverged: false,
      };
      const inForce = [...history]
        .reverse()
        .find(point => Date.parse(point.recordedAt) < end);
      if (!inForce) {
        return result;
      }
      const covered = Date.parse(data.covered);
      const fraction = Math.min(
        1,
        Math.max(
          0,
          ((Number.isNaN(covered) ? end : covered) - start) / (end - start),
        ),
      );
      const estimateUsd = round2(inForce.monthlyUsd * fraction);
      result.estimateUsd = estimateUsd;
      if (estimateUsd > 0) {
        result.deviation =
          Math.round(((actualUsd - estimateUsd) / estimateUsd) * 10000) / 10000;
        result.diverged = Math.abs(result.deviation) > threshold;
      } else {
        // Spend where nothing was expected is a divergence of its own.
        result.diverged = actualUsd >= 1;
      }
      return result;
    });
}

function addCents(
  into: Partial<Record<EnvironmentType, number>>,
  from: Partial<Record<EnvironmentType, number>>,
) {
  for (const [type, value] of Object.entries(from) as Array<
    [EnvironmentType, number]
  >) {
    into[type] = (into[type] ?? 0) + value;
  }
}

function line(budgetUsd: number | undefined, ownedCents: number): BudgetLine {
  return {
    ...(budgetUsd === undefined ? {} : { budgetUsd }),
    ownedUsd: usd(ownedCents),
    ...(budgetUsd === undefined
      ? {}
      : { remainingUsd: usd(Math.round(budgetUsd * 100) - ownedCents) }),
  };
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
      now?: () => Date;
    },
  ) {
    this.teams = new ExpiringCache({
      ttlMs: deps.teamCacheMs ?? 10_000,
      now: deps.now && (() => deps.now!().getTime()),
    });
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
      budget: this.status(groupRef, group, owned.length, current),
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
  async budgetStatus(groupRef: string): Promise<TeamBudgetStatus> {
    const { group, owned } = await this.groupAndOwned(groupRef);
    const current = await this.deps.store.currentOf(owned.map(o => o.ref));
    return this.status(groupRef, group, owned.length, current);
  }

  /** An estimate held against the owner's budgets. */
  async budgetCheck(
    owner: string,
    estimate: CostEstimate,
  ): Promise<BudgetCheck> {
    const groupRef = parseRef(owner, 'group', 'owner');
    const status = await this.budgetStatus(groupRef);
    const { byEnvironmentType } = summarize(estimate);
    const estimateCents = Math.round(estimate.monthlyUsd * 100);
    const exceeds: BudgetCheck['exceeds'] = [];
    const remainingAfterByEnvironmentType: BudgetCheck['remainingAfterByEnvironmentType'] =
      {};
    for (const [type, budgetLine] of Object.entries(
      status.byEnvironmentType,
    ) as Array<[EnvironmentType, BudgetLine]>) {
      if (budgetLine.remainingUsd === undefined) continue;
      const after =
        Math.round(budgetLine.remainingUsd * 100) -
        (byEnvironmentType[type] ?? 0);
      remainingAfterByEnvironmentType[type] = usd(after);
      if ((byEnvironmentType[type] ?? 0) > 0 && after < 0) {
        exceeds.push(type);
      }
    }
    let remainingAfterUsd: number | undefined;
    if (status.total.remainingUsd !== undefined) {
      const after = Math.round(status.total.remainingUsd * 100) - estimateCents;
      remainingAfterUsd = usd(after);
      if (estimateCents > 0 && after < 0) {
        exceeds.unshift('total');
      }
    }
    return {
      status,
      estimateUsd: usd(estimateCents),
      estimateByEnvironmentType: Object.fromEntries(
        Object.entries(byEnvironmentType).map(([type, cents]) => [
          type,
          usd(cents),
        ]),
      ),
      ...(remainingAfterUsd === undefined ? {} : { remainingAfterUsd }),
      remainingAfterByEnvironmentType,
      withinBudget: exceeds.length === 0,
      exceeds,
    };
  }

  private status(
    groupRef: string,
    group: Entity | undefined,
    ownedCount: number,
    current: Map<string, CurrentEstimate>,
  ): TeamBudgetStatus {
    const { budgets, errors } = parseBudgetAnnotations(
      group?.metadata.annotations,
    );
    let ownedCents = 0;
    const byType: Partial<Record<EnvironmentType, number>> = {};
    for (const estimate of current.values()) {
      ownedCents += estimate.monthlyCents;
      addCents(byType, estimate.byEnvironmentTypeCents);
    }
    const types = new Set([
      ...Object.keys(byType),
      ...Object.keys(budgets.byEnvironmentType),
    ]) as Set<EnvironmentType>;
    return {
      groupRef,
      total: line(budgets.monthlyUsd, ownedCents),
      byEnvironmentType: Object.fromEntries(
        [...types]
          .sort()
          .map(type => [
            type,
            line(budgets.byEnvironmentType[type], byType[type] ?? 0),
          ]),
      ),
      errors: group
        ? errors
        : [`${groupRef} is not in the catalog; it has no budget`],
      unestimated: ownedCount - current.size,
    };
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
  private groupAndOwned(groupRef: string): Promise<GroupAndOwned> {
    return this.teams.get(groupRef, () => this.readGroupAndOwned(groupRef));
  }

  private async readGroupAndOwned(groupRef: string): Promise<GroupAndOwned> {
    const { namespace, name } = parseEntityRef(groupRef);
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const { items } = await this.deps.catalog.getEntities(
      {
        filter: [
          {
            kind: 'group',
            'metadata.namespace': namespace,
            'metadata.name': name,
          },
          { kind: 'component', 'relations.ownedBy': groupRef },
        ],
        fields: [
          'kind',
          'metadata.namespace',
          'metadata.name',
          'metadata.title',
          'metadata.annotations',
        ],
      },
      { credentials },
    );
    const isGroup = (entity: Entity) =>
      entity.kind.toLocaleLowerCase('en-US') === 'group';
    return {
      group: items.find(isGroup),
      owned: items
        .filter(entity => !isGroup(entity))
        .map(entity => ({
          ref: stringifyEntityRef(entity).toLocaleLowerCase('en-US'),
          ...(entity.metadata.title ? { title: entity.metadata.title } : {}),
        })),
    };
  }

  private now() {
    return this.deps.now?.() ?? new Date();
  }
}
