import { AuditEventInput, AuditRecord } from '@pave/plugin-audit-common';
import { canonicalJson } from '@pave/plugin-audit-node';
import { createHash } from 'node:crypto';

/** A row of `audit_events` as the drivers return it (PostgreSQL: bigint as string). */
export interface AuditEventRow {
  seq: number | string;
  id: string;
  time: string;
  event_id: string;
  plugin: string;
  severity: string;
  status: string;
  error: string | null;
  actor: string;
  actor_id: string | null;
  request_method: string | null;
  request_path: string | null;
  entity_refs: string;
  meta: string | null;
  prev_hash: string;
  hash: string;
}

/**
 * The canonical content of a record: every stored field but the hashes,
 * keys sorted, absent fields as null. The hash covers `seq` too, so a row
 * moved to another position breaks the chain.
 */
export function canonicalContent(record: AuditEventInput & { seq: number }) {
  return canonicalJson({
    seq: record.seq,
    id: record.id,
    time: record.time,
    eventId: record.eventId,
    plugin: record.plugin,
    severity: record.severity,
    status: record.status,
    error: record.error ?? null,
    actor: record.actor,
    request: record.request ?? null,
    entityRefs: record.entityRefs,
    meta: record.meta ?? null,
  });
}

/** `sha256(prevHash + canonical)`, hex. */
export function chainHash(prevHash: string, canonical: string): string {
  return createHash('sha256').update(prevHash).update(canonical).digest('hex');
}

/** The next record of the chain and its row. */
export function chainRecord(
  event: AuditEventInput,
  seq: number,
  prevHash: string,
): { record: AuditRecord; row: AuditEventRow } {
  const withSeq = { ...event, seq };
  const hash = chainHash(prevHash, canonicalContent(withSeq));
  const record: AuditRecord = { ...withSeq, prevHash, hash };
  return { record, row: toRow(record) };
}

export function toRow(record: AuditRecord): AuditEventRow {
  return {
    seq: record.seq,
    id: record.id,
    time: record.time,
    event_id: record.eventId,
    plugin: record.plugin,
    severity: record.severity,
    status: record.status,
    error: record.error ?? null,
    actor: canonicalJson(record.actor),
    actor_id: record.actor.id ?? null,
    request_method: record.request?.method ?? null,
    request_path: record.request?.path ?? null,
    entity_refs: canonicalJson(record.entityRefs),
    meta: record.meta === undefined ? null : canonicalJson(record.meta),
    prev_hash: record.prevHash,
    hash: record.hash,
  };
}

/** Throws on unparsable JSON columns; the verifier reports that as a break. */
export function fromRow(row: AuditEventRow): AuditRecord {
  const record: AuditRecord = {
    seq: Number(row.seq),
    id: row.id,
    time: row.time,
    eventId: row.event_id,
    plugin: row.plugin,
    severity: row.severity as AuditRecord['severity'],
    status: row.status as AuditRecord['status'],
    actor: JSON.parse(row.actor),
    entityRefs: JSON.parse(row.entity_refs),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
  if (row.error !== null) record.error = row.error;
  if (row.request_method !== null || row.request_path !== null) {
    record.request = {
      method: row.request_method ?? '',
      path: row.request_path ?? '',
    };
  }
  if (row.meta !== null) record.meta = JSON.parse(row.meta);
  return record;
}
