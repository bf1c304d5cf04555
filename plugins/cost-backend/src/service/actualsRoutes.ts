import { AuditorService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { RouteAuthorizer } from '@pave/backend-common';
import { costIngestPermission } from '@pave/plugin-cost-common';
import { Router } from 'express';
import { PassThrough } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { ActualsIngester } from '../actuals/ActualsIngester';
import { DatabaseCostStore } from '../database/DatabaseCostStore';

/** `?source=` of an upload: what the report and logs call the file. */
const SOURCE = /^[\w.@:+-]{1,200}$/;

/**
 * The actual-spend routes (platform team only), routed before any JSON
 * parser because the upload streams its raw body:
 * - `POST /actuals/focus?source=name` (body: the CSV, optionally gzip
 *   `Content-Encoding`) → `IngestReport`; 400 with the report when the
 *   file is not FOCUS;
 * - `GET /actuals/ingests` → `{ items }`, the latest ingest reports.
 */
export function addActualsRoutes(
  router: Router,
  deps: {
    authorize: RouteAuthorizer;
    auditor: AuditorService;
    ingester: ActualsIngester;
    store: DatabaseCostStore;
  },
) {
  const { authorize, auditor, ingester, store } = deps;

  router.post('/actuals/focus', async (req, res) => {
    await authorize(
      req,
      costIngestPermission,
      'You may not ingest billing data; the platform team does',
    );
    const source = String(req.query.source ?? 'upload');
    if (!SOURCE.test(source)) {
      throw new InputError(
        'source: must be 1-200 letters, digits and . _ @ : + - (the file name)',
      );
    }
    const event = await auditor.createEvent({
      eventId: 'cost-actuals-ingest',
      request: req,
      severityLevel: 'medium',
      meta: { source },
    });
    try {
      // Read through a stream of our own: a refused file ends it, not the
      // request the response and the audit event still need.
      const gzip = req.headers['content-encoding'] === 'gzip';
      const report = await ingester.ingest(
        req.pipe(gzip ? createGunzip() : new PassThrough()),
        { source: `upload:${source}` },
      );
      await event.success({
        meta: {
          status: report.status,
          rowsIngested: report.rowsIngested,
          rowsRejected: report.rowsRejected,
          months: report.months,
        },
      });
      res
        .status(report.status === 'failed' ? 400 : 200)
        .json(
          report.status === 'failed'
            ? { error: { name: 'InputError', message: report.failure }, report }
            : report,
        );
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  router.get('/actuals/ingests', async (req, res) => {
    await authorize(
      req,
      costIngestPermission,
      'You may not read billing ingest reports; the platform team does',
    );
    res.json({ items: await store.ingests() });
  });
}
