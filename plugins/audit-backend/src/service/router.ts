import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { hardenedInput } from '@pave/backend-common';
import { AuditVerifyResult } from '@pave/plugin-audit-common';
import express from 'express';
import Router from 'express-promise-router';
import { DatabaseAuditStore } from '../database/DatabaseAuditStore';
import { AuditEventFilter } from '../database/queryEvents';
import {
  encodeCursor,
  ParsedEventsQuery,
  parseEventsQuery,
} from './parseEventsQuery';
import { ReadAccess } from './ReadAccess';

/** Options for {@link createRouter}. */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  store: Pick<DatabaseAuditStore, 'query' | 'verify'>;
  readAccess: ReadAccess;
  /**
   * Resolves when every audit event recorded so far is durable: an export
   * makes its own record durable before any data leaves.
   */
  flushAudit: () => Promise<void>;
  /**
   * How long a verification is served again before the chain is re-walked
   * (a walk over a million records takes tens of seconds, and every Audit
   * tab shows the status). Default 60 s; `verifiedAt` tells its age.
   */
  verifyCacheMs?: number;
}

/** Records per database read while exporting. */
const EXPORT_PAGE = 1000;

function filterOf(query: ParsedEventsQuery): AuditEventFilter {
  const { entityRef, actor, eventId, plugin, status, from, to } = query;
  return { entityRef, actor, eventId, plugin, status, from, to };
}

/** Resolves when the response can take more, or is gone. */
function writable(res: express.Response): Promise<void> {
  return new Promise(resolve => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/**
 * Read-only HTTP API of the audit trail (`/api/audit`):
 * - `GET /events` → `AuditEventsPage`, filtered by `entityRef`, `actor`,
 *   `eventId`, `plugin`, `status`, `from` (inclusive), `to` (exclusive),
 *   `limit` (1–500, default 50), `order` (`desc` default) and `cursor`;
 * - `GET /events/export` → the same filters, every matching record as
 *   NDJSON (`limit` does not apply), streamed;
 * - `GET /verify` → `AuditVerifyResult`; concurrent calls share one walk,
 *   and its result is served for `verifyCacheMs`.
 * Writing goes through `coreServices.auditor` only: any other method on
 * these paths is a 405.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, auditor, store, readAccess, flushAudit } = options;
  const verifyCacheMs = options.verifyCacheMs ?? 60_000;
  const router = Router();
  // No route takes a body; the rule still covers paths and query strings.
  router.use(hardenedInput({ jsonLimit: '1kb' }));

  async function authorizedQuery(req: express.Request) {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const query = parseEventsQuery(req.query);
    const access = await readAccess.check(credentials, query.entityRef);
    return { query, access };
  }

  router.get('/events', async (req, res) => {
    const { query, access } = await authorizedQuery(req);
    if (access === 'unknown-entity') {
      res.json({ items: [] });
      return;
    }
    const { items, lastSeq } = await store.query(filterOf(query), {
      limit: query.limit,
      order: query.order,
      afterSeq: query.afterSeq,
    });
    res.json(
      lastSeq === undefined
        ? { items }
        : { items, nextCursor: encodeCursor(query.order, lastSeq) },
    );
  });

  router.get('/events/export', async (req, res) => {
    const { query, access } = await authorizedQuery(req);
    const filter = filterOf(query);
    // Bulk egress of audit data is itself worth a record.
    const event = await auditor.createEvent({
      eventId: 'events-export',
      severityLevel: 'medium',
      request: req,
      meta: { filter: JSON.parse(JSON.stringify(filter)) },
    });
    // An initiated event is only queued; this one must be on disk before
    // the first record leaves.
    await flushAudit();
    res.status(200).type('application/x-ndjson');
    res.setHeader(
      'Content-Disposition',
      'attachment; filename="audit-events.ndjson"',
    );
    let records = 0;
    try {
      let afterSeq = query.afterSeq;
      while (access === 'allowed' && !res.destroyed) {
        const page = await store.query(filter, {
          limit: EXPORT_PAGE,
          order: query.order,
          afterSeq,
        });
        for (const item of page.items) {
          if (!res.write(`${JSON.stringify(item)}\n`)) {
            await writable(res);
          }
        }
        records += page.items.length;
        if (page.lastSeq === undefined) {
          break;
        }
        afterSeq = page.lastSeq;
      }
      // Recorded before the stream closes: once a client has the whole
      // export, the trail already says it was taken.
      await event.success({ meta: { records } });
      res.end();
    } catch (error) {
      await event.fail({ error: error as Error, meta: { records } });
      // Headers are out; a cut stream is how NDJSON says it is incomplete.
      res.destroy(error as Error);
    }
  });

  let verifying: Promise<AuditVerifyResult> | undefined;
  let verified: { result: AuditVerifyResult; at: number } | undefined;
  router.get('/verify', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    if (verified && Date.now() - verified.at < verifyCacheMs) {
      res.json(verified.result);
      return;
    }
    if (!verifying) {
      verifying = store
        .verify()
        .then(result => {
          verified = { result, at: Date.now() };
          return result;
        })
        .finally(() => {
          verifying = undefined;
        });
    }
    res.json(await verifying);
  });

  router.all(['/events', '/events/export', '/verify'], (req, res) => {
    res
      .status(405)
      .set('Allow', 'GET, HEAD')
      .json({
        error: {
          name: 'MethodNotAllowedError',
          message: `${req.method} is not allowed: the audit trail is written only through the auditor`,
        },
      });
  });

  return router;
}
