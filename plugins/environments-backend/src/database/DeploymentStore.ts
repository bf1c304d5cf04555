import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  Deployment,
  DeploymentEvent,
  DeploymentStatus,
} from '@pave/plugin-environments-common';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';

const migrationsDir = resolvePackagePath(
  '@pave/plugin-environments-backend',
  'migrations',
);

interface Row {
  id: string;
  entity_ref: string;
  environment: string;
  runtime: string;
  commit: string;
  desired: string;
  status: string;
  step: string | null;
  url: string | null;
  error: string | null;
  resources: string;
  created_by: string;
  created_at: string;
  updated_at: string;
  expires_at: string | null;
  expiry_notified_at: string | null;
  estimated_monthly_usd: number | null;
}

function toDeployment(row: Row): Deployment {
  return {
    id: row.id,
    entityRef: row.entity_ref,
    environment: row.environment,
    runtime: row.runtime as Deployment['runtime'],
    commit: row.commit,
    desired: row.desired as Deployment['desired'],
    status: row.status as DeploymentStatus,
    ...(row.step ? { step: row.step } : {}),
    ...(row.url ? { url: row.url } : {}),
    ...(row.error ? { error: row.error } : {}),
    resources: JSON.parse(row.resources),
    ...(row.expires_at ? { expiresAt: row.expires_at } : {}),
    ...(row.expiry_notified_at
      ? { expiryNotifiedAt: row.expiry_notified_at }
      : {}),
    ...(row.estimated_monthly_usd !== null &&
    row.estimated_monthly_usd !== undefined
      ? { estimatedMonthlyUsd: Number(row.estimated_monthly_usd) }
      : {}),
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** What a status change sets. */
export interface DeploymentUpdate {
  status?: DeploymentStatus;
  desired?: Deployment['desired'];
  step?: string | null;
  url?: string | null;
  error?: string | null;
  commit?: string;
  resources?: Deployment['resources'];
  expiresAt?: string | null;
  expiryNotifiedAt?: string | null;
}

/**
 * The orchestrator's tables (SQLite and PostgreSQL): one deployment per
 * component and environment, and its events.
 */
export class DeploymentStore {
  static async create(
    knex: Knex,
    skipMigrations = false,
  ): Promise<DeploymentStore> {
    if (!skipMigrations) {
      await knex.migrate.latest({ directory: migrationsDir });
    }
    return new DeploymentStore(knex);
  }

  private constructor(private readonly knex: Knex) {}

  /**
   * Records that a component should run at a commit in an environment:
   * creates its row, or turns an existing one (even destroyed) back on.
   */
  async want(options: {
    entityRef: string;
    environment: string;
    commit: string;
    actor: string;
    /** Previews: when it is destroyed by itself. */
    expiresAt?: string;
    /** Its cloud-equivalent monthly estimate, when one was made. */
    estimatedMonthlyUsd?: number;
  }): Promise<Deployment> {
    const now = new Date().toISOString();
    const existing = await this.knex<Row>('deployments')
      .where({
        entity_ref: options.entityRef,
        environment: options.environment,
      })
      .first();
    const id = existing?.id ?? randomUUID();
    const fields = {
      commit: options.commit,
      desired: 'running',
      status: 'deploying',
      step: null,
      error: null,
      expires_at: options.expiresAt ?? null,
      expiry_notified_at: null,
      estimated_monthly_usd: options.estimatedMonthlyUsd ?? null,
      updated_at: now,
    };
    if (existing) {
      await this.knex('deployments').where({ id }).update(fields);
    } else {
      await this.knex('deployments').insert({
        id,
        entity_ref: options.entityRef,
        environment: options.environment,
        runtime: 'local',
        url: null,
        resources: '[]',
        created_by: options.actor,
        created_at: now,
        ...fields,
      });
    }
    return (await this.get(id))!;
  }

  async update(id: string, update: DeploymentUpdate): Promise<Deployment> {
    const row: Partial<Row> = { updated_at: new Date().toISOString() };
    if (update.status !== undefined) row.status = update.status;
    if (update.desired !== undefined) row.desired = update.desired;
    if (update.step !== undefined) row.step = update.step;
    if (update.url !== undefined) row.url = update.url;
    if (update.error !== undefined) row.error = update.error;
    if (update.commit !== undefined) row.commit = update.commit;
    if (update.resources !== undefined)
      row.resources = JSON.stringify(update.resources);
    if (update.expiresAt !== undefined) row.expires_at = update.expiresAt;
    if (update.expiryNotifiedAt !== undefined)
      row.expiry_notified_at = update.expiryNotifiedAt;
    await this.knex('deployments').where({ id }).update(row);
    return (await this.get(id))!;
  }

  async get(id: string): Promise<Deployment | undefined> {
    const row = await this.knex<Row>('deployments').where({ id }).first();
    return row && toDeployment(row);
  }

  /** Deployments, newest change first; of one component when given. */
  async list(entityRef?: string): Promise<Deployment[]> {
    const query = this.knex<Row>('deployments').orderBy('updated_at', 'desc');
    if (entityRef) {
      query.where({ entity_ref: entityRef });
    }
    return (await query).map(toDeployment);
  }

  /** What should be running: the reconciler's work list. */
  async wanted(): Promise<Deployment[]> {
    return (
      await this.knex<Row>('deployments').where({ desired: 'running' })
    ).map(toDeployment);
  }

  /**
   * Turns off a preview whose time is up, if it still wants to run and
   * still expires then (so of two callers, one wins); whether it did.
   */
  async retire(id: string, expiresAt: string): Promise<boolean> {
    const changed = await this.knex('deployments')
      .where({ id, desired: 'running', expires_at: expiresAt })
      .update({
        desired: 'absent',
        status: 'destroying',
        updated_at: new Date().toISOString(),
      });
    return changed === 1;
  }

  /** Turned off but not yet gone: the reconciler destroys them. */
  async retiring(): Promise<Deployment[]> {
    return (
      await this.knex<Row>('deployments').where({
        desired: 'absent',
        status: 'destroying',
      })
    ).map(toDeployment);
  }

  async addEvent(
    id: string,
    event: Omit<DeploymentEvent, 'at'>,
  ): Promise<void> {
    await this.knex('deployment_events').insert({
      deployment_id: id,
      at: new Date().toISOString(),
      ...event,
    });
  }

  /** A deployment's events, oldest first (at most the last 200). */
  async events(id: string): Promise<DeploymentEvent[]> {
    const rows = await this.knex('deployment_events')
      .where({ deployment_id: id })
      .orderBy('id', 'desc')
      .limit(200);
    return rows.reverse().map(r => ({
      at: r.at,
      action: r.action,
      actor: r.actor,
      outcome: r.outcome,
      detail: r.detail,
    }));
  }
}
