import { AuditEventsPage, AuditStatus } from '@pave/plugin-audit-common';
import { Knex } from 'knex';
import { AuditEventRow, fromRow } from './chain';

/** Filters of a trail query; all optional, ANDed. */
export interface AuditEventFilter {
  /** Normalized entity ref. */
  entityRef?: string;
  /** Exact actor id: a user entity ref or a service subject. */
  actor?: string;
  eventId?: string;
  plugin?: string;
  status?: AuditStatus;
  /** Inclusive lower bound, any ISO 8601 date-time. */
  from?: string;
  /** Exclusive upper bound. */
  to?: string;
}

/** Keyset page: records after `afterSeq` in `order`. */
export interface AuditPageRequest {
  limit: number;
  order: 'asc' | 'desc';
  afterSeq?: number;
}

/**
 * One page of the trail, newest first by default. Keyset pagination on
 * `seq`: the next page starts after the last sequence number returned, so
 * pages stay stable while events keep arriving and cost the same at any
 * depth. A per-entity query walks the `(entity_ref, event_seq)` index.
 * Times are stored as ISO strings in UTC, so the bounds compare as text
 * once normalized the same way.
 */
export async function queryEvents(
  knex: Knex,
  filter: AuditEventFilter,
  page: AuditPageRequest,
): Promise<AuditEventsPage & { lastSeq?: number }> {
  // SQLite picks the join order as written for a CROSS JOIN: the entity's
  // index first, instead of scanning a whole plugin's events when a plugin
  // or event filter is added (PostgreSQL's planner gets that right itself).
  const sqlite = String(knex.client.config.client).includes('sqlite');
  const query = filter.entityRef
    ? knex('audit_event_entities as x')
        [sqlite ? 'crossJoin' : 'join'](
          'audit_events as e',
          'e.seq',
          'x.event_seq',
        )
        .where('x.entity_ref', filter.entityRef)
    : knex('audit_events as e');
  const seqColumn = filter.entityRef ? 'x.event_seq' : 'e.seq';

  if (filter.actor) query.where('e.actor_id', filter.actor);
  if (filter.eventId) query.where('e.event_id', filter.eventId);
  if (filter.plugin) query.where('e.plugin', filter.plugin);
  if (filter.status) query.where('e.status', filter.status);
  if (filter.from)
    query.where('e.time', '>=', new Date(filter.from).toISOString());
  if (filter.to) query.where('e.time', '<', new Date(filter.to).toISOString());
  if (page.afterSeq !== undefined) {
    query.where(seqColumn, page.order === 'desc' ? '<' : '>', page.afterSeq);
  }
  const rows: AuditEventRow[] = await query
    .select('e.*')
    .orderBy(seqColumn, page.order)
    .limit(page.limit + 1);

  const items = rows.slice(0, page.limit).map(fromRow);
  const last = items[items.length - 1];
  return rows.length > page.limit ? { items, lastSeq: last.seq } : { items };
}
