import { AuditVerifyResult, GENESIS_HASH } from '@pave/plugin-audit-common';
import { Knex } from 'knex';
import { AuditEventRow, canonicalContent, chainHash, fromRow } from './chain';

/** Records per read while walking. */
const PAGE = 5000;

/** Why a row at its expected position breaks the chain, if it does. */
function brokenReason(
  row: AuditEventRow,
  prevHash: string,
  indexedRefs: string[],
): string | undefined {
  if (row.prev_hash !== prevHash) {
    return "prevHash is not the previous record's hash";
  }
  let record;
  try {
    record = fromRow(row);
  } catch {
    return 'stored JSON is unreadable';
  }
  if (chainHash(prevHash, canonicalContent(record)) !== row.hash) {
    return 'content does not match its hash';
  }
  if ((record.actor.id ?? null) !== row.actor_id) {
    return 'actor_id differs from the hashed actor';
  }
  const hashed = [...new Set(record.entityRefs)].sort().join('\n');
  if (hashed !== [...indexedRefs].sort().join('\n')) {
    return 'entity index differs from the hashed entity refs';
  }
  return undefined;
}

/**
 * Re-walks the chain from record 1 to the head as it was when the walk
 * began, and reports the first sequence number that breaks it:
 * - a missing number (a deleted row),
 * - a `prev_hash` that is not the previous record's hash (a row inserted or
 *   re-chained),
 * - content whose hash differs (a row altered),
 * - a filter column or entity index row that disagrees with the hashed
 *   content (a row hidden from, or planted in, a query).
 * Deleting the newest rows leaves a shorter valid chain; compare `headSeq`
 * and `headHash` with a copy kept elsewhere to catch that.
 */
export async function verifyChain(knex: Knex): Promise<AuditVerifyResult> {
  const head = await knex<AuditEventRow>('audit_events')
    .orderBy('seq', 'desc')
    .first('seq', 'hash');
  const headSeq = head ? Number(head.seq) : 0;
  const headHash = head?.hash ?? GENESIS_HASH;
  const result = (
    checked: number,
    broken?: { seq: number; reason: string },
  ): AuditVerifyResult => ({
    valid: !broken,
    checked,
    headSeq,
    headHash,
    ...(broken && { firstBrokenSeq: broken.seq, reason: broken.reason }),
    verifiedAt: new Date().toISOString(),
  });

  let expected = 1;
  let prevHash = GENESIS_HASH;
  while (expected <= headSeq) {
    const rows: AuditEventRow[] = await knex('audit_events')
      .where('seq', '>=', expected)
      .andWhere('seq', '<=', headSeq)
      .orderBy('seq', 'asc')
      .limit(PAGE);
    if (rows.length === 0) {
      return result(expected - 1, {
        seq: expected,
        reason: `record ${expected} is missing`,
      });
    }
    const lastSeq = Number(rows[rows.length - 1].seq);
    const indexed = new Map<number, string[]>();
    const indexRows: Array<{ event_seq: number | string; entity_ref: string }> =
      await knex('audit_event_entities')
        .whereBetween('event_seq', [expected, lastSeq])
        .select('event_seq', 'entity_ref');
    for (const { event_seq: seq, entity_ref: ref } of indexRows) {
      const refs = indexed.get(Number(seq)) ?? [];
      refs.push(ref);
      indexed.set(Number(seq), refs);
    }

    for (const row of rows) {
      const seq = Number(row.seq);
      if (seq !== expected) {
        return result(expected - 1, {
          seq: expected,
          reason: `record ${expected} is missing`,
        });
      }
      const reason = brokenReason(row, prevHash, indexed.get(seq) ?? []);
      if (reason) {
        return result(expected - 1, { seq, reason });
      }
      prevHash = row.hash;
      expected += 1;
    }
  }
  return result(headSeq);
}
