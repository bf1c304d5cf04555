import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  CostEstimate,
  EstimateCause,
  EstimateHistoryPoint,
  IngestReport,
  RecordedEstimate,
} from '@pave/plugin-cost-common';
import { EnvironmentType } from '@pave/plugin-infra-common';
import { Knex } from 'knex';
import { createHash, randomUUID } from 'node:crypto';
import type { FocusAggregate } from '@pave/plugin-cost-node';

const migrationsDir = resolvePackagePath(
  '@pave/plugin-cost-backend',
  'migrations',
);

/** Refs per `WHERE entity_ref IN (…)`: under SQLite's 999 bind parameters. */
const REF_CHUNK = 500;
/** Rows per INSERT: 7 columns × 100 stays under every bind limit. */
const INSERT_CHUNK = 100;

/** The latest estimate of one entity, without line items. */
export interface CurrentEstimate {
  entityRef: string;
  recordedAt: string;
  monthlyCents: number;
  complete: boolean;
  byEnvironmentTypeCents: Partial<Record<EnvironmentType, number>>;
}

/** Billed cost of one entity (or several) in one month. */
export interface ActualsMonthRow {
  entityRef: string;
  month: string;
  environment: string;
  micros: number;
  coveredUntil: string;
}

const cents = (usd: number) => Math.round(usd * 100);

function toUsd(values: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(values).map(([key, c]) => [key, c / 100]),
  );
}

/** Per environment and per environment type, in cents. */
export function summarize(estimate: CostEstimate) {
  const byEnvironment: Record<string, number> = {};
  const byEnvironmentType: Record<string, number> = {};
  for (const env of estimate.environments) {
    const c = cents(env.monthlyUsd);
    byEnvironment[env.environment] = (byEnvironment[env.environment] ?? 0) + c;
    byEnvironmentType[env.environmentType] =
      (byEnvironmentType[env.environmentType] ?? 0) + c;
  }
  return { byEnvironment, byEnvironmentType };
}

/**
 * What makes two estimates the same: their content with environments in
 * name order, so a task that listed `prod, dev` and the catalog refresh
 * that reads them back sorted agree.
 */
function fingerprintOf(estimate: CostEstimate): string {
  const environments = [...estimate.environments].sort((a, b) =>
    a.environment.localeCompare(b.environment),
  );
  return createHash('sha256')
    .update(JSON.stringify({ ...estimate, environments }))
    .digest('hex');
}

const num = (value: unknown) => Number(value);
const bool = (value: unknown) => value === true || value === 1 || value === '1';

function chunks<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    result.push(items.slice(i, i + size));
  }
  return result;
}

/**
 * The cost store on SQLite or PostgreSQL: recorded estimates (history and
 * the current one per entity), billed actuals and ingest reports.
 *
 * @public
 */
export class DatabaseCostStore {
  /** Runs the migrations (unless skipped) and returns the store. */
  static async create(options: {
    knex: Knex;
    skipMigrations?: boolean;
  }): Promise<DatabaseCostStore> {
    if (!options.skipMigrations) {
      await options.knex.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseCostStore(options.knex);
  }

  private constructor(private readonly knex: Knex) {}

  private readonly recordedListeners: Array<(entityRef: string) => void> = [];

  /** Calls `listener` after each estimate this store records (caches drop what it changes). */
  onRecorded(listener: (entityRef: string) => void): void {
    this.recordedListeners.push(listener);
  }

  /**
   * Records an estimate as the entity's current one. With `ifChanged`, an
   * estimate equal to the current one is not recorded again (the catalog
   * refresh sees the same Resources every round).
   */
  async recordEstimate(options: {
    entityRef: string;
    cause: EstimateCause;
    estimate: CostEstimate;
    ifChanged?: boolean;
    recordedAt?: Date;
  }): Promise<{ estimate: RecordedEstimate; created: boolean }> {
    const entityRef = options.entityRef.toLocaleLowerCase('en-US');
    const fingerprint = fingerprintOf(options.estimate);
    const { byEnvironment, byEnvironmentType } = summarize(options.estimate);
    const recordedAt = (options.recordedAt ?? new Date()).toISOString();
    const result = await this.knex.transaction(async trx => {
      if (options.ifChanged) {
        const current = await trx('cost_current')
          .where({ entity_ref: entityRef })
          .first();
        if (current?.fingerprint === fingerprint) {
          const existing = await this.byId(trx, current.estimate_id);
          return { estimate: existing!, created: false };
        }
      }
      const row = {
        entity_ref: entityRef,
        recorded_at: recordedAt,
        cause: JSON.stringify(options.cause),
        monthly_cents: cents(options.estimate.monthlyUsd),
        complete: options.estimate.complete,
        by_environment: JSON.stringify(byEnvironment),
        by_environment_type: JSON.stringify(byEnvironmentType),
        fingerprint,
        estimate: JSON.stringify(options.estimate),
      };
      const [inserted] = await trx('cost_estimates')
        .insert(row)
        .returning('id');
      const id = num(typeof inserted === 'object' ? inserted.id : inserted);
      const current = {
        estimate_id: id,
        recorded_at: recordedAt,
        monthly_cents: row.monthly_cents,
        complete: row.complete,
        by_environment_type: row.by_environment_type,
        fingerprint,
      };
      await trx('cost_current')
        .insert({ entity_ref: entityRef, ...current })
        .onConflict('entity_ref')
        .merge(current);
      return { estimate: this.toRecorded({ id, ...row }), created: true };
    });
    if (result.created) {
      for (const listener of this.recordedListeners) listener(entityRef);
    }
    return result;
  }

  /** The entity's latest estimate, with line items. */
  async current(entityRef: string): Promise<RecordedEstimate | undefined> {
    const current = await this.knex('cost_current')
      .where({ entity_ref: entityRef.toLocaleLowerCase('en-US') })
      .first();
    return current ? this.byId(this.knex, current.estimate_id) : undefined;
  }

  /** The last `limit` recorded estimates of the entity, oldest first. */
  async history(
    entityRef: string,
    limit = 500,
  ): Promise<EstimateHistoryPoint[]> {
    const rows = await this.knex('cost_estimates')
      .select(
        'id',
        'entity_ref',
        'recorded_at',
        'cause',
        'monthly_cents',
        'complete',
        'by_environment',
        'by_environment_type',
      )
      .where({ entity_ref: entityRef.toLocaleLowerCase('en-US') })
      .orderBy([
        { column: 'recorded_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit);
    return rows.reverse().map(row => {
      const { estimate: _estimate, ...point } = this.toRecorded({
        ...row,
        estimate: 'null',
      });
      return point;
    });
  }

  /** The current estimate of each entity that has one. */
  async currentOf(entityRefs: string[]): Promise<Map<string, CurrentEstimate>> {
    const result = new Map<string, CurrentEstimate>();
    const refs = [
      ...new Set(entityRefs.map(r => r.toLocaleLowerCase('en-US'))),
    ];
    for (const chunk of chunks(refs, REF_CHUNK)) {
      const rows = await this.knex('cost_current')
        .select(
          'entity_ref',
          'recorded_at',
          'monthly_cents',
          'complete',
          'by_environment_type',
        )
        .whereIn('entity_ref', chunk);
      for (const row of rows) {
        result.set(row.entity_ref, {
          entityRef: row.entity_ref,
          recordedAt: row.recorded_at,
          monthlyCents: num(row.monthly_cents),
          complete: bool(row.complete),
          byEnvironmentTypeCents: JSON.parse(row.by_environment_type),
        });
      }
    }
    return result;
  }

  /** Billed rows of the entities since `fromMonth` (inclusive), by month. */
  async actualsOf(
    entityRefs: string[],
    fromMonth: string,
  ): Promise<ActualsMonthRow[]> {
    const refs = [
      ...new Set(entityRefs.map(r => r.toLocaleLowerCase('en-US'))),
    ];
    const result: ActualsMonthRow[] = [];
    for (const chunk of chunks(refs, REF_CHUNK)) {
      const rows: Array<Record<string, any>> = await this.knex('cost_actuals')
        .select('entity_ref', 'month', 'environment')
        .sum({ micros: 'micros' })
        .max({ covered_until: 'covered_until' })
        .whereIn('entity_ref', chunk)
        .andWhere('month', '>=', fromMonth)
        .groupBy('entity_ref', 'month', 'environment');
      for (const row of rows) {
        result.push({
          entityRef: row.entity_ref,
          month: row.month,
          environment: row.environment,
          micros: num(row.micros),
          coveredUntil: row.covered_until,
        });
      }
    }
    return result.sort(
      (a, b) =>
        a.month.localeCompare(b.month) ||
        a.entityRef.localeCompare(b.entityRef) ||
        a.environment.localeCompare(b.environment),
    );
  }

  /**
   * What a team's rollup needs of the actuals of its entities: the total
   * per month since `fromMonth`, and each entity's latest billed month. Sums
   * are taken by the database, so a team of hundreds of services reads
   * one row per month and one per entity.
   */
  async actualsRollup(
    entityRefs: string[],
    fromMonth: string,
  ): Promise<{
    months: Map<string, number>;
    latest: Map<string, { month: string; micros: number }>;
  }> {
    const refs = [
      ...new Set(entityRefs.map(r => r.toLocaleLowerCase('en-US'))),
    ];
    const months = new Map<string, number>();
    const latest = new Map<string, { month: string; micros: number }>();
    for (const chunk of chunks(refs, REF_CHUNK)) {
      const perMonth: Array<Record<string, any>> = await this.knex(
        'cost_actuals',
      )
        .select('month')
        .sum({ micros: 'micros' })
        .whereIn('entity_ref', chunk)
        .andWhere('month', '>=', fromMonth)
        .groupBy('month');
      for (const row of perMonth) {
        months.set(row.month, (months.get(row.month) ?? 0) + num(row.micros));
      }
      const perEntity: Array<Record<string, any>> = await this.knex(
        'cost_actuals as a',
      )
        .select('a.entity_ref', 'a.month')
        .sum({ micros: 'a.micros' })
        .whereIn('a.entity_ref', chunk)
        .andWhere(
          'a.month',
          '=',
          this.knex('cost_actuals as b')
            .max('b.month')
            .where('b.entity_ref', this.knex.ref('a.entity_ref')),
        )
        .groupBy('a.entity_ref', 'a.month');
      for (const row of perEntity) {
        latest.set(row.entity_ref, {
          month: row.month,
          micros: num(row.micros),
        });
      }
    }
    return { months, latest };
  }

  /**
   * Stores one FOCUS file's sums in one transaction: the (provider, month)
   * periods it covers are replaced as a whole (billing exports restate a
   * month until it closes), and the report is written with them. A failure
   * leaves the previous data untouched.
   */
  async ingest(
    batch: FocusAggregate,
    options: { source: string; startedAt: Date },
  ): Promise<IngestReport> {
    const id = randomUUID();
    const report: IngestReport = {
      id,
      source: options.source,
      startedAt: options.startedAt.toISOString(),
      finishedAt: '',
      status: 'ingested',
      rowsRead: batch.rowsRead,
      rowsIngested: batch.rowsIngested,
      rowsRejected: batch.rowsRejected,
      rowsUnattributed: batch.rowsUnattributed,
      unattributedUsd: Math.round(batch.unattributedMicros / 1e4) / 100,
      months: batch.periods.map(p => `${p.provider}:${p.month}`).sort(),
      errors: batch.errors,
    };
    await this.knex.transaction(async trx => {
      for (const period of batch.periods) {
        await trx('cost_actuals')
          .where({ provider: period.provider, month: period.month })
          .delete();
      }
      for (const chunk of chunks(batch.lines, INSERT_CHUNK)) {
        await trx('cost_actuals').insert(
          chunk.map(line => ({
            provider: line.provider,
            month: line.month,
            entity_ref: line.entityRef.toLocaleLowerCase('en-US'),
            environment: line.environment,
            micros: line.micros,
            covered_until: line.coveredUntil,
            ingest_id: id,
          })),
        );
      }
      report.finishedAt = new Date().toISOString();
      await trx('cost_ingests').insert(this.ingestRow(report));
    });
    return report;
  }

  /** Records a file that was refused as a whole (nothing else is written). */
  async recordFailedIngest(options: {
    source: string;
    startedAt: Date;
    failure: string;
  }): Promise<IngestReport> {
    const report: IngestReport = {
      id: randomUUID(),
      source: options.source,
      startedAt: options.startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      status: 'failed',
      rowsRead: 0,
      rowsIngested: 0,
      rowsRejected: 0,
      rowsUnattributed: 0,
      unattributedUsd: 0,
      months: [],
      errors: [],
      failure: options.failure,
    };
    await this.knex('cost_ingests').insert(this.ingestRow(report));
    return report;
  }

  /** Whether a source (a file's name, size and time) was ingested already. */
  async hasIngested(source: string): Promise<boolean> {
    const row = await this.knex('cost_ingests').where({ source }).first('id');
    return Boolean(row);
  }

  /** The latest ingest reports, newest first. */
  async ingests(limit = 50): Promise<IngestReport[]> {
    const rows = await this.knex('cost_ingests')
      .select('report')
      .orderBy('finished_at', 'desc')
      .limit(limit);
    return rows.map(row => JSON.parse(row.report));
  }

  private ingestRow(report: IngestReport) {
    return {
      id: report.id,
      source: report.source,
      status: report.status,
      started_at: report.startedAt,
      finished_at: report.finishedAt,
      report: JSON.stringify(report),
    };
  }

  private async byId(
    knex: Knex,
    id: number | string,
  ): Promise<RecordedEstimate | undefined> {
    const row = await knex('cost_estimates').where({ id }).first();
    return row ? this.toRecorded(row) : undefined;
  }

  private toRecorded(row: Record<string, any>): RecordedEstimate {
    return {
      id: String(row.id),
      entityRef: row.entity_ref,
      recordedAt: row.recorded_at,
      cause: JSON.parse(row.cause),
      monthlyUsd: num(row.monthly_cents) / 100,
      complete: bool(row.complete),
      byEnvironment: toUsd(JSON.parse(row.by_environment)),
      byEnvironmentType: toUsd(JSON.parse(row.by_environment_type)),
      estimate: JSON.parse(row.estimate),
    };
  }
}
