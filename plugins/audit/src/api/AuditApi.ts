import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  AuditEventsPage,
  AuditEventsQueryInput,
  AuditVerifyResult,
} from '@pave/plugin-audit-common';

/**
 * The audit trail as the portal reads it, over `/api/audit`.
 *
 * @public
 */
export interface AuditApi {
  /**
   * One page of records, newest first unless `order: 'asc'`. Pass the
   * previous page's `nextCursor` as `cursor` for the next one. Filters:
   * `entityRef`, `actor`, `eventId`, `plugin`, `status`, `from` (inclusive)
   * and `to` (exclusive) as ISO 8601 date-times; `limit` 1–500.
   */
  listEvents(query: AuditEventsQueryInput): Promise<AuditEventsPage>;
  /** Re-walks the hash chain; see `AuditVerifyResult`. */
  verify(): Promise<AuditVerifyResult>;
}

/** @public */
export const auditApiRef = createApiRef<AuditApi>({ id: 'plugin.audit' });
