/**
 * How severe an audit event is, as the plugin that emitted it judged it.
 *
 * @public
 */
export type AuditSeverity = 'low' | 'medium' | 'high' | 'critical';

/**
 * Where an audited action stands. Backstage's auditor emits `initiated`
 * first, then `succeeded` or `failed`, each as its own event.
 *
 * @public
 */
export type AuditStatus = 'initiated' | 'succeeded' | 'failed';

/** @public */
export const AUDIT_SEVERITIES: readonly AuditSeverity[] = [
  'low',
  'medium',
  'high',
  'critical',
];

/** @public */
export const AUDIT_STATUSES: readonly AuditStatus[] = [
  'initiated',
  'succeeded',
  'failed',
];

/**
 * Who acted: a user (`id` is their entity ref), a service principal (`id` is
 * its subject, e.g. `plugin:catalog` or `external:pave-cli`), or nobody the
 * auditor could name.
 *
 * @public
 */
export interface AuditActor {
  type: 'user' | 'service' | 'unknown';
  id?: string;
  ip?: string;
  userAgent?: string;
}

/**
 * One audit event as the journal hands it to the store: everything but its
 * place in the chain, which only the store can assign.
 *
 * @public
 */
export interface AuditEventInput {
  /** A UUID minted when the event happened; replaying a spool skips ids already stored. */
  id: string;
  /** ISO 8601 UTC with milliseconds (`Date.prototype.toISOString`). */
  time: string;
  /** The emitting plugin's event id, e.g. `entity-mutate`, `policy-evaluate`. */
  eventId: string;
  /** Id of the plugin whose auditor emitted the event. */
  plugin: string;
  severity: AuditSeverity;
  status: AuditStatus;
  /** `Name: message` of the error of a `failed` event. */
  error?: string;
  actor: AuditActor;
  /** The HTTP request the event belongs to; secret query values redacted. */
  request?: { method: string; path: string };
  /** Every catalog entity the event names, normalized `kind:namespace/name`, lowercase. */
  entityRefs: string[];
  /** The event's metadata, secrets redacted and huge values truncated. */
  meta?: { [key: string]: unknown };
}

/**
 * A stored audit record: the event plus its place in the hash chain.
 * `hash = sha256(prevHash + canonical(record without the hashes))`.
 *
 * @public
 */
export interface AuditRecord extends AuditEventInput {
  /** 1, 2, 3, … without gaps, in commit order. */
  seq: number;
  /** Hash of record `seq - 1`; 64 zeros for the first record. */
  prevHash: string;
  /** SHA-256 (hex) of `prevHash` followed by the canonical content. */
  hash: string;
}

/**
 * One page of `GET /api/audit/events`.
 *
 * @public
 */
export interface AuditEventsPage {
  items: AuditRecord[];
  /** Pass as `cursor` for the next page; absent on the last page. */
  nextCursor?: string;
}

/**
 * The answer of `GET /api/audit/verify`: the chain re-walked from record 1.
 *
 * @public
 */
export interface AuditVerifyResult {
  valid: boolean;
  /** Records checked before the walk stopped (all of them when valid). */
  checked: number;
  /** The last record's sequence number and hash (0 and 64 zeros when empty); anchor them elsewhere to detect a rewritten chain. */
  headSeq: number;
  headHash: string;
  /** The first sequence number that is missing, altered or out of chain. */
  firstBrokenSeq?: number;
  /** Why that record breaks the chain. */
  reason?: string;
  /** When the walk finished, ISO 8601. */
  verifiedAt: string;
}

/** The `prevHash` of record 1. @public */
export const GENESIS_HASH = '0'.repeat(64);
