import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { PolicyException } from '@pave/plugin-policy-common';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { WhatIfStore } from './WhatIfStore';

const migrationsDir = resolvePackagePath(
  '@pave/plugin-policy-backend',
  'migrations',
);

interface Row {
  id: string;
  entity_ref: string;
  policy_id: string;
  environment: string | null;
  reason: string;
  granted_by: string;
  granted_at: string;
  expires_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
  policy_set: string;
}

function toException(row: Row): PolicyException {
  return {
    id: row.id,
    entityRef: row.entity_ref,
    policyId: row.policy_id,
    ...(row.environment ? { environment: row.environment } : {}),
    reason: row.reason,
    grantedBy: row.granted_by,
    grantedAt: row.granted_at,
    expiresAt: row.expires_at,
    ...(row.revoked_at ? { revokedAt: row.revoked_at } : {}),
    ...(row.revoked_by ? { revokedBy: row.revoked_by } : {}),
    policySet: row.policy_set,
  };
}

/** What a grant records; the store adds the id and the time. */
export type NewException = Omit<
  PolicyException,
  'id' | 'grantedAt' | 'revokedAt' | 'revokedBy'
>;

/**
 * The exceptions to soft-mandatory rules (SQLite and PostgreSQL). Times are
 * ISO 8601 UTC strings, which compare in time order as text.
 */
export class ExceptionStore {
  static async create(knex: Knex, skipMigrations = false) {
    if (!skipMigrations) {
      await knex.migrate.latest({ directory: migrationsDir });
    }
    return new ExceptionStore(knex);
  }

  private constructor(private readonly knex: Knex) {}

  /** The what-if runs, kept in the same database. */
  whatIfs(): WhatIfStore {
    return new WhatIfStore(this.knex);
  }

  async add(exception: NewException, now = new Date()) {
    const row: Row = {
      id: randomUUID(),
      entity_ref: exception.entityRef,
      policy_id: exception.policyId,
      environment: exception.environment ?? null,
      reason: exception.reason,
      granted_by: exception.grantedBy,
      granted_at: now.toISOString(),
      expires_at: new Date(exception.expiresAt).toISOString(),
      revoked_at: null,
      revoked_by: null,
      policy_set: exception.policySet,
    };
    await this.knex<Row>('policy_exceptions').insert(row);
    return toException(row);
  }

  async get(id: string): Promise<PolicyException | undefined> {
    const row = await this.knex<Row>('policy_exceptions').where({ id }).first();
    return row ? toException(row) : undefined;
  }

  /**
   * Ends an exception now. Returns it as it stands afterwards, or
   * undefined when there is none by that id; an exception already revoked
   * or expired is returned unchanged.
   */
  async revoke(id: string, by: string, now = new Date()) {
    const at = now.toISOString();
    await this.knex<Row>('policy_exceptions')
      .where({ id })
      .whereNull('revoked_at')
      .where('expires_at', '>', at)
      .update({ revoked_at: at, revoked_by: by });
    return this.get(id);
  }

  /** The exceptions that apply to `entityRefs` at `now`. */
  async active(
    entityRefs: string[],
    now = new Date(),
  ): Promise<PolicyException[]> {
    if (entityRefs.length === 0) {
      return [];
    }
    const rows = await this.knex<Row>('policy_exceptions')
      .whereIn('entity_ref', entityRefs)
      .where('expires_at', '>', now.toISOString())
      .whereNull('revoked_at')
      .orderBy('granted_at', 'asc');
    return rows.map(toException);
  }

  /** Every exception in force at `now`, of every entity. */
  async allActive(now = new Date()): Promise<PolicyException[]> {
    const rows = await this.knex<Row>('policy_exceptions')
      .where('expires_at', '>', now.toISOString())
      .whereNull('revoked_at')
      .orderBy('granted_at', 'asc');
    return rows.map(toException);
  }

  /** Every exception of an entity, newest first, expired and revoked too. */
  async list(entityRef?: string, limit = 500): Promise<PolicyException[]> {
    const query = this.knex<Row>('policy_exceptions')
      .orderBy('granted_at', 'desc')
      .orderBy('id')
      .limit(limit);
    if (entityRef) {
      query.where({ entity_ref: entityRef });
    }
    return (await query).map(toException);
  }
}
