import {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, isError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  CostEstimateWithBudget,
  costEstimatePermission,
  costEstimatePlansSchema,
  costIngestPermission,
  costReadPermission,
  costRecordPermission,
  isPlansRequest,
  recordEstimateSchema,
} from '@pave/plugin-cost-common';
import {
  EnvironmentPlan,
} from '@pave/plugin-infra-common';
import { parseInput } from '@pave/common';
import { InfraService } from '@pave/plugin-infra-node';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { PassThrough } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { ActualsIngester } from '../actuals/ActualsIngester';
import { DatabaseCostStore } from '../database/DatabaseCostStore';
import { CostEstimator } from './CostEstimator';
import { CostLedger, parseRef } from './CostLedger';

/** Options for {@link createRouter}. */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  estimator: CostEstimator;
  /** Plans workload requests (`pave.infra` environments). */
  infra: InfraService;
  ledger: CostLedger;
  store: DatabaseCostStore;
  ingester: ActualsIngester;
}

/** `?source=` of an upload: what the report and logs call the file. */
const SOURCE = /^[\w.@:+-]{1,200}$/;

/**
 * `/api/cost`:
 * - `POST /estimate` → `CostEstimateWithBudget`: `{ plans, owner? }` (the
 *   `environments` of an `/api/infra/plan` answer) or the `/api/infra/plan`
 *   request itself, planned here first; with an owner, the estimate is
 *   held against the team's budgets;
 * - `GET /entities/:ref` → `EntityCostResponse` (404 for an entity the
 *   caller cannot see);
 * - `POST /entities/:ref/estimates` → `RecordedEstimate` (201): records an
 *   estimate with its cause (the scaffolder, or the platform team);
 * - `GET /groups/:ref` → `GroupCostResponse`;
 * - `POST /actuals/focus?source=name` (body: the CSV, optionally gzip
 *   `Content-Encoding`) → `IngestReport`; 400 when the file is not FOCUS;
 * - `GET /actuals/ingests` → the latest ingest reports.
 * Refs are URL-encoded (`component%3Adefault%2Forders`). Errors name the
 * field and the rule.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const {
    httpAuth,
    permissions,
    auditor,
    estimator,
    infra,
    ledger,
    store,
    ingester,
  } = options;
  const router = Router();

  async function authorize(
    req: Request,
    permission: BasicPermission,
    refusal: string,
  ): Promise<BackstageCredentials> {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(refusal);
    }
    return credentials;
  }

  // The FOCUS upload streams its raw body; it is routed before the JSON parser.
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
      res.status(report.status === 'failed' ? 400 : 200).json(
        report.status === 'failed'
          ? {
              error: { name: 'InputError', message: report.failure },
              report,
            }
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

  // 10 plans of 1000 records are a few MB at most; a workload is a few kB.
  router.use(express.json({ limit: '2mb' }));

  router.post('/estimate', async (req, res) => {
    await authorize(req, costEstimatePermission, 'You may not estimate costs');
    let plans: EnvironmentPlan[];
    let owner: string | undefined;
    if (isPlansRequest(req.body)) {
      const body = parseInput(
        costEstimatePlansSchema,
        req.body,
        'estimate request',
      );
      plans = body.plans;
      owner = body.owner;
    } else {
      plans = infra.plan(req.body);
      owner = req.body.ownership.owner;
    }
    const estimate: CostEstimateWithBudget = estimator.estimate(plans);
    if (owner) {
      try {
        estimate.budget = await ledger.budgetCheck(owner, estimate);
      } catch (error) {
        if (isError(error) && error.name === 'InputError') throw error;
        // The price stands without the budget; the answer says why.
        estimate.budgetError = `The budget of ${owner} could not be checked: ${
          (error as Error).message
        }`;
      }
    }
    res.json(estimate);
  });

  router.get('/entities/:ref', async (req, res) => {
    const credentials = await authorize(
      req,
      costReadPermission,
      'You may not read costs',
    );
    res.json(await ledger.entityCost(req.params.ref, credentials));
  });

  router.post('/entities/:ref/estimates', async (req, res) => {
    const credentials = await authorize(
      req,
      costRecordPermission,
      'You may not record cost estimates; the scaffolder records them when a template runs',
    );
    const entityRef = parseRef(req.params.ref, 'component', 'entity');
    const body = parseInput(recordEstimateSchema, req.body, 'estimate record');
    const event = await auditor.createEvent({
      eventId: 'cost-estimate-record',
      request: req,
      severityLevel: 'low',
      meta: { entityRef, cause: body.cause },
    });
    try {
      // The entity must exist for whoever records (the scaffolder records
      // right after registering it).
      await ledger.requireEntity(entityRef, credentials);
      const plans = body.plans ?? infra.plan(body.request);
      const { estimate } = await store.recordEstimate({
        entityRef,
        cause: body.cause,
        estimate: estimator.estimate(plans),
      });
      await event.success({
        meta: { monthlyUsd: estimate.monthlyUsd, id: estimate.id },
      });
      res.status(201).json(estimate);
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  router.get('/groups/:ref', async (req, res) => {
    const credentials = await authorize(
      req,
      costReadPermission,
      'You may not read costs',
    );
    res.json(await ledger.groupCost(req.params.ref, credentials));
  });

  return router;
}
