import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  BulkUpgrade,
  BulkUpgradeItem,
  ChangeRequest,
} from '@pave/plugin-upgrades-common';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';

const migrationsDir = resolvePackagePath(
  '@pave/plugin-upgrades-backend',
  'migrations',
);

interface ChangeRequestRow {
  id: string;
  entity_ref: string;
  repository: string;
  template: string;
  from_version: string;
  to_version: string;
  branch: string;
  commit: string;
  main_commit: string;
  status: string;
  files: string;
  conflicts: string;
  policy: string;
  bulk_id: string | null;
  created_by: string;
  created_at: string;
}

interface BulkRunRow {
  id: string;
  template: string;
  to_version: string;
  state: string;
  created_by: string;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

interface BulkItemRow {
  bulk_id: string;
  position: number;
  entity_ref: string;
  status: string;
  change_request_id: string | null;
  error: string | null;
  policy: string | null;
  duration_ms: number | null;
}

const STATUSES: BulkUpgradeItem['status'][] = [
  'pending',
  'clean',
  'conflicted',
  'failed',
];

function toChangeRequest(row: ChangeRequestRow): ChangeRequest {
  return {
    id: row.id,
    entityRef: row.entity_ref,
    repository: row.repository,
    template: row.template,
    fromVersion: row.from_version,
    toVersion: row.to_version,
    branch: row.branch,
    commit: row.commit,
    mainCommit: row.main_commit,
    status: row.status as ChangeRequest['status'],
    files: JSON.parse(row.files),
    conflicts: JSON.parse(row.conflicts),
    policy: JSON.parse(row.policy),
    ...(row.bulk_id ? { bulkId: row.bulk_id } : {}),
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

function toItem(row: BulkItemRow): BulkUpgradeItem {
  return {
    entityRef: row.entity_ref,
    status: row.status as BulkUpgradeItem['status'],
    ...(row.change_request_id
      ? { changeRequestId: row.change_request_id }
      : {}),
    ...(row.error ? { error: row.error } : {}),
    ...(row.policy
      ? { policy: row.policy as NonNullable<BulkUpgradeItem['policy']> }
      : {}),
    ...(row.duration_ms !== null && row.duration_ms !== undefined
      ? { durationMs: Number(row.duration_ms) }
      : {}),
  };
}

function toRun(row: BulkRunRow, items: BulkUpgradeItem[]): BulkUpgrade {
  const counts = Object.fromEntries(STATUSES.map(s => [s, 0])) as Record<
    BulkUpgradeItem['status'],
    number
  >;
  items.forEach(item => counts[item.status]++);
  return {
    id: row.id,
    template: row.template,
    toVersion: row.to_version,
    state: row.state as BulkUpgrade['state'],
    createdBy: row.created_by,
    createdAt: row.created_at,
    ...(row.finished_at ? { finishedAt: row.finished_at } : {}),
    counts,
    items,
  };
}

/**
 * The upgrades plugin's tables (SQLite and PostgreSQL): change requests,
 * and bulk runs with their report per service.
 */
export class UpgradeStore {
  static async create(knex: Knex, skipMigrations = false) {
    if (!skipMigrations) {
      await knex.migrate.latest({ directory: migrationsDir });
    }
    return new UpgradeStore(knex);
  }

  private constructor(private readonly knex: Knex) {}

  async addChangeRequest(
    request: Omit<ChangeRequest, 'id' | 'createdAt'>,
  ): Promise<ChangeRequest> {
    const row: ChangeRequestRow = {
      id: randomUUID(),
      entity_ref: request.entityRef,
      repository: request.repository,
      template: request.template,
      from_version: request.fromVersion,
      to_version: request.toVersion,
      branch: request.branch,
      commit: request.commit,
      main_commit: request.mainCommit,
      status: request.status,
      files: JSON.stringify(request.files),
      conflicts: JSON.stringify(request.conflicts),
      policy: JSON.stringify(request.policy),
      bulk_id: request.bulkId ?? null,
      created_by: request.createdBy,
      created_at: new Date().toISOString(),
    };
    await this.knex('upgrade_change_requests').insert(row);
    return toChangeRequest(row);
  }

  async getChangeRequest(id: string): Promise<ChangeRequest> {
    const row = await this.knex<ChangeRequestRow>('upgrade_change_requests')
      .where({ id })
      .first();
    if (!row) {
      throw new NotFoundError(`No change request ${id}`);
    }
    return toChangeRequest(row);
  }

  /** Newest first; at most `limit`. */
  async listChangeRequests(
    filter: { entityRef?: string; bulkId?: string },
    limit = 200,
  ): Promise<ChangeRequest[]> {
    const query = this.knex<ChangeRequestRow>('upgrade_change_requests');
    if (filter.entityRef) query.where({ entity_ref: filter.entityRef });
    if (filter.bulkId) query.where({ bulk_id: filter.bulkId });
    const rows = await query
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit);
    return rows.map(toChangeRequest);
  }

  /**
   * A new run with every service pending, in the order given. A run of the
   * same template still running is a `ConflictError` naming it (a unique
   * index decides, so two replicas cannot both start one).
   */
  async startBulk(options: {
    template: string;
    toVersion: string;
    entityRefs: string[];
    createdBy: string;
  }): Promise<BulkUpgrade> {
    const now = new Date().toISOString();
    const run: BulkRunRow = {
      id: randomUUID(),
      template: options.template,
      to_version: options.toVersion,
      state: options.entityRefs.length ? 'running' : 'done',
      created_by: options.createdBy,
      created_at: now,
      updated_at: now,
      finished_at: options.entityRefs.length ? null : now,
    };
    try {
      await this.knex.transaction(async tx => {
        await tx('upgrade_bulk_runs').insert(run);
        const items: BulkItemRow[] = options.entityRefs.map(
          (entityRef, position) => ({
            bulk_id: run.id,
            position,
            entity_ref: entityRef,
            status: 'pending',
            change_request_id: null,
            error: null,
            policy: null,
            duration_ms: null,
          }),
        );
        // Under SQLite's limit of bound variables per statement.
        await tx.batchInsert('upgrade_bulk_items', items, 100);
      });
    } catch (error) {
      const running = await this.knex<BulkRunRow>('upgrade_bulk_runs')
        .where({ template: options.template, state: 'running' })
        .first();
      if (running) {
        throw new ConflictError(
          `template: a bulk upgrade of ${options.template} is running (${running.id}, started by ${running.created_by} at ${running.created_at}); follow it with GET /api/upgrades/bulk/${running.id}`,
        );
      }
      throw error;
    }
    return this.getBulk(run.id);
  }

  /**
   * Runs whose last progress is older than `before` stopped with the
   * replica running them: their pending services fail with `reason`, and
   * they are done. Returns how many.
   */
  async interruptStalled(before: string, reason: string): Promise<number> {
    const stalled = await this.knex<BulkRunRow>('upgrade_bulk_runs')
      .where({ state: 'running' })
      .andWhere('updated_at', '<', before)
      .select('id');
    for (const { id } of stalled) {
      await this.interrupt(id, reason);
    }
    return stalled.length;
  }

  /** Fails a run's pending services with `reason`, and ends it. */
  async interrupt(bulkId: string, reason: string): Promise<void> {
    await this.knex.transaction(async tx => {
      await tx('upgrade_bulk_items')
        .where({ bulk_id: bulkId, status: 'pending' })
        .update({ status: 'failed', error: reason });
      const now = new Date().toISOString();
      await tx('upgrade_bulk_runs')
        .where({ id: bulkId, state: 'running' })
        .update({ state: 'done', finished_at: now, updated_at: now });
    });
  }

  async finishItem(
    bulkId: string,
    position: number,
    result: Omit<BulkUpgradeItem, 'entityRef'>,
  ): Promise<void> {
    await this.knex('upgrade_bulk_items')
      .where({ bulk_id: bulkId, position })
      .update({
        status: result.status,
        change_request_id: result.changeRequestId ?? null,
        error: result.error ?? null,
        policy: result.policy ?? null,
        duration_ms: result.durationMs ?? null,
      });
    // The run's heartbeat: progress, so it is not taken as stalled.
    await this.knex('upgrade_bulk_runs')
      .where({ id: bulkId })
      .update({ updated_at: new Date().toISOString() });
  }

  async finishBulk(bulkId: string): Promise<void> {
    await this.knex('upgrade_bulk_runs').where({ id: bulkId }).update({
      state: 'done',
      finished_at: new Date().toISOString(),
      updated_at: new Date().toISOString(),
    });
  }

  async getBulk(id: string): Promise<BulkUpgrade> {
    const run = await this.knex<BulkRunRow>('upgrade_bulk_runs')
      .where({ id })
      .first();
    if (!run) {
      throw new NotFoundError(`No bulk upgrade ${id}`);
    }
    const items = await this.knex<BulkItemRow>('upgrade_bulk_items')
      .where({ bulk_id: id })
      .orderBy('position');
    return toRun(run, items.map(toItem));
  }

  /** The newest runs with their counts, without their items. */
  async listBulk(limit = 50): Promise<Array<Omit<BulkUpgrade, 'items'>>> {
    const runs = await this.knex<BulkRunRow>('upgrade_bulk_runs')
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit);
    const counts: Array<{ bulk_id: string; status: string; n: unknown }> =
      runs.length
        ? await this.knex('upgrade_bulk_items')
            .whereIn(
              'bulk_id',
              runs.map(r => r.id),
            )
            .select('bulk_id', 'status')
            .count({ n: '*' })
            .groupBy('bulk_id', 'status')
        : [];
    return runs.map(run => {
      const { items: _, ...rest } = toRun(run, []);
      for (const c of counts.filter(x => x.bulk_id === run.id)) {
        rest.counts[c.status as BulkUpgradeItem['status']] = Number(c.n);
      }
      return rest;
    });
  }
}
