import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import { createRouteAuthorizer, hardenedInput } from '@pave/backend-common';
import { parseInput } from '@pave/common';
import {
  CostEstimateWithBudget,
  costEstimatePermission,
  costEstimatePlansSchema,
  costReadPermission,
  costRecordPermission,
  isPlansRequest,
  recordEstimateSchema,
} from '@pave/plugin-cost-common';
import { CostEstimator } from '@pave/plugin-cost-node';
import { EnvironmentPlan } from '@pave/plugin-infra-common';
import { InfraService } from '@pave/plugin-infra-node';
import express from 'express';
import Router from 'express-promise-router';
import { ActualsIngester } from '../actuals/ActualsIngester';
import { DatabaseCostStore } from '../database/DatabaseCostStore';
import { addActualsRoutes } from './actualsRoutes';
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
 * - the actual-spend routes of {@link addActualsRoutes}.
 * Refs are URL-encoded (`component%3Adefault%2Forders`). Errors name the
 * field and the rule.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { auditor, estimator, infra, ledger, store } = options;
  const authorize = createRouteAuthorizer(options);
  const router = Router();
  // 10 plans of 1000 records are a few MB at most; a workload is a few kB.
  // Only JSON bodies are read here: a CSV upload stays a stream.
  router.use(hardenedInput({ jsonLimit: '2mb' }));
  addActualsRoutes(router, { ...options, authorize });

  router.post('/estimate', async (req, res) => {
    await authorize(req, costEstimatePermission, 'You may not estimate costs');
    let plans: EnvironmentPlan[];
    let owner: string | undefined;
    let replaces: string | undefined;
    if (isPlansRequest(req.body)) {
      const body = parseInput(
        costEstimatePlansSchema,
        req.body,
        'estimate request',
      );
      plans = body.plans;
      owner = body.owner;
      replaces = body.replaces;
    } else {
      const parsed = infra.parse(req.body);
      plans = infra.planRequest(parsed);
      owner = parsed.request.ownership.owner;
    }
    const estimate: CostEstimateWithBudget = estimator.estimate(plans);
    if (owner) {
      try {
        estimate.budget = await ledger.budgetCheck(owner, estimate, replaces);
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
      severityLevel: 'medium',
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
