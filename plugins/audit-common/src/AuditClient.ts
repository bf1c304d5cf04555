import {
  PaveClientOptions,
  PaveRequestOptions,
  PluginHttpClient,
} from '@pave/common';
import { AuditEventsQueryInput } from './query';
import { AuditEventsPage, AuditVerifyResult } from './types';

/**
 * The audit trail (`/api/audit`) as every caller reads it: the portal, the
 * CLI, other plugins. Every method rejects with a `ResponseError` from
 * `@backstage/errors` when the server refuses; `body.error.message` names
 * the field and the rule.
 *
 * @public
 */
export interface AuditApi {
  /**
   * `GET /events`: one page of records, newest first unless
   * `order: 'asc'`. Pass the previous page's `nextCursor` as `cursor` for
   * the next one. Filters: `entityRef`, `actor`, `eventId`, `plugin`,
   * `status`, `from` (inclusive) and `to` (exclusive) as ISO 8601
   * date-times; `limit` 1–500.
   */
  listEvents(
    query: AuditEventsQueryInput,
    options?: PaveRequestOptions,
  ): Promise<AuditEventsPage>;
  /**
   * `GET /events/export`: every matching record as NDJSON, streamed (the
   * same filters; `limit` does not apply). The body is the caller's to read.
   */
  exportEvents(
    query: AuditEventsQueryInput,
    options?: PaveRequestOptions,
  ): Promise<Response>;
  /** `GET /verify`: re-walks the hash chain; see `AuditVerifyResult`. */
  verify(options?: PaveRequestOptions): Promise<AuditVerifyResult>;
}

/** Query parameters as text; empty ones are left out. */
function queryOf(query: AuditEventsQueryInput) {
  return Object.fromEntries(
    Object.entries(query)
      .filter(([, value]) => value !== undefined && value !== '')
      .map(([key, value]) => [key, String(value)]),
  );
}

/**
 * {@link AuditApi} over HTTP. In the portal, construct it with the
 * `discoveryApi` and the `fetchApi` (which adds the user's token); in the
 * CLI pass the API token per call.
 *
 * @public
 */
export class AuditClient implements AuditApi {
  private readonly http: PluginHttpClient;

  constructor(options: PaveClientOptions) {
    this.http = new PluginHttpClient('audit', options);
  }

  listEvents(query: AuditEventsQueryInput, options?: PaveRequestOptions) {
    return this.http.json<AuditEventsPage>(
      { path: '/events', query: queryOf(query) },
      options,
    );
  }

  exportEvents(query: AuditEventsQueryInput, options?: PaveRequestOptions) {
    return this.http.send(
      { path: '/events/export', query: queryOf(query) },
      options,
    );
  }

  verify(options?: PaveRequestOptions) {
    return this.http.json<AuditVerifyResult>({ path: '/verify' }, options);
  }
}
