import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  AuditEventInput,
  AuditEventsPage,
  AuditVerifyResult,
  GENESIS_HASH,
} from '@pave/plugin-audit-common';
import { AuditSink } from '@pave/plugin-audit-node';
import { Knex } from 'knex';
import { AuditEventRow, chainRecord } from './chain';
import { AuditEventFilter, AuditPageRequest, queryEvents } from './queryEvents';
import { verifyChain } from './verifyChain';

const migrationsDir = resolvePackagePath(
  '@pave/plugin-audit-backend',
  'migrations',
);

/**
 * Rows per INSERT: under SQLite's 500 terms per compound SELECT (knex's
 * multi-row insert there) and PostgreSQL's 65535 bind parameters.
 */
const INSERT_CHUNK = 200;
/** Ids per `WHERE id IN (…)` when skipping already stored events. */
const LOOKUP_CHUNK = 500;

function aborted(signal?: AbortSignal) {
  if (signal?.aborted) {
    throw new Error('Audit store write abandoned (timed out)');
  }
}

/**
 * The audit store on SQLite or PostgreSQL: appends hash-chained records,
 * reads them back by filter with keyset pagination, and re-walks the chain.
 * It has no update or delete path.
 *
 * Appends are serialized by the database, not by this process: on
 * PostgreSQL each transaction takes `EXCLUSIVE` lock on `audit_events`
 * (readers are not blocked) before it reads the chain's head, so several
 * backend replicas still produce one gapless chain; SQLite serializes
 * writers itself.
 *
 * @public
 */
export class DatabaseAuditStore implements AuditSink {
  private readonly isPostgres: boolean;

  /** Runs the migrations (unless skipped) and returns the store. */
  static async create(options: {
    knex: Knex;
    skipMigrations?: boolean;
  }): Promise<DatabaseAuditStore> {
    if (!options.skipMigrations) {
      await options.knex.migrate.latest({ directory: migrationsDir });
    }
    if (options.knex.client.config.client === 'better-sqlite3') {
      // Write-ahead logging: a commit is one sync of the log instead of a
      // rollback journal created, synced and deleted, and just as durable
      // (synchronous stays FULL). The setting stays with the file.
      await options.knex.raw('PRAGMA journal_mode = WAL');
    }
    return new DatabaseAuditStore(options.knex);
  }

  private constructor(private readonly knex: Knex) {
    this.isPostgres = knex.client.config.client === 'pg';
  }

  /**
   * Appends the events in order in one transaction. Events whose id is
   * already stored are skipped: a spool replay after an uncertain write
   * stores each event exactly once.
   */
  async append(
    events: AuditEventInput[],
    options?: { signal?: AbortSignal },
  ): Promise<void> {
    if (events.length === 0) {
      return;
    }
    await this.knex.transaction(async trx => {
      aborted(options?.signal);
      if (this.isPostgres) {
        await trx.raw('LOCK TABLE audit_events IN EXCLUSIVE MODE');
      }
      const seen = new Set<string>();
      const ids = [...new Set(events.map(e => e.id))];
      for (let i = 0; i < ids.length; i += LOOKUP_CHUNK) {
        const stored = await trx('audit_events')
          .whereIn('id', ids.slice(i, i + LOOKUP_CHUNK))
          .pluck('id');
        stored.forEach(id => seen.add(id));
      }
      const head = await trx<AuditEventRow>('audit_events')
        .orderBy('seq', 'desc')
        .first('seq', 'hash');
      let seq = head ? Number(head.seq) : 0;
      let prevHash = head?.hash ?? GENESIS_HASH;

      const rows: AuditEventRow[] = [];
      const refs: Array<{ entity_ref: string; event_seq: number }> = [];
      for (const event of events) {
        if (seen.has(event.id)) {
          continue;
        }
        seen.add(event.id);
        seq += 1;
        const { row } = chainRecord(event, seq, prevHash);
        rows.push(row);
        for (const ref of new Set(event.entityRefs)) {
          refs.push({ entity_ref: ref, event_seq: seq });
        }
        prevHash = row.hash;
      }
      for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
        await trx('audit_events').insert(rows.slice(i, i + INSERT_CHUNK));
      }
      for (let i = 0; i < refs.length; i += INSERT_CHUNK) {
        await trx('audit_event_entities').insert(
          refs.slice(i, i + INSERT_CHUNK),
        );
      }
      // A write the journal gave up on must not commit behind its back.
      aborted(options?.signal);
    });
  }

  async ping(): Promise<void> {
    await this.knex.raw('select 1');
  }

  /** One page of records matching the filter; see {@link queryEvents}. */
  query(
    filter: AuditEventFilter,
    page: AuditPageRequest,
  ): Promise<AuditEventsPage & { lastSeq?: number }> {
    return queryEvents(this.knex, filter, page);
  }

  /** Re-walks the whole chain; see {@link verifyChain}. */
  verify(): Promise<AuditVerifyResult> {
    return verifyChain(this.knex);
  }
}
