import { InputError } from '@backstage/errors';
import {
  AuditEventsQuery,
  auditEventsQuerySchema,
} from '@pave/plugin-audit-common';

const CURSOR = /^(asc|desc):([1-9]\d{0,15})$/;

/**
 * The opaque cursor of the page after `seq`: base64url, bound to the order
 * it was issued for, so a cursor cannot be replayed against the other one.
 */
export function encodeCursor(order: 'asc' | 'desc', seq: number): string {
  return Buffer.from(`${order}:${seq}`, 'utf8').toString('base64url');
}

/** A parsed `GET /events` query, with the cursor decoded. */
export type ParsedEventsQuery = Omit<AuditEventsQuery, 'cursor'> & {
  afterSeq?: number;
};

/**
 * Parses the query string of `GET /events` and `/events/export`. Any bad
 * parameter is an `InputError` (400) whose message starts with its name.
 */
export function parseEventsQuery(query: unknown): ParsedEventsQuery {
  const parsed = auditEventsQuerySchema.safeParse(query ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name =
      issue.code === 'unrecognized_keys'
        ? issue.keys.join(', ')
        : issue.path.join('.');
    const message =
      issue.code === 'unrecognized_keys'
        ? 'unknown query parameter'
        : issue.message;
    throw new InputError(`${name}: ${message}`);
  }
  const { cursor, ...rest } = parsed.data;
  if (cursor === undefined) {
    return rest;
  }
  const match = CURSOR.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) {
    throw new InputError('cursor: not a cursor this API returned');
  }
  if (match[1] !== rest.order) {
    throw new InputError(
      `cursor: issued for order=${match[1]}, not order=${rest.order}`,
    );
  }
  return { ...rest, afterSeq: Number(match[2]) };
}
