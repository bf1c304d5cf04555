import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  costEstimatePermission,
  costEstimatePlansSchema,
  isPlansRequest,
} from '@pave/plugin-cost-common';
import { EnvironmentPlan, parseInput } from '@pave/plugin-infra-common';
import { InfraService } from '@pave/plugin-infra-node';
import express from 'express';
import Router from 'express-promise-router';
import { CostEstimator } from './CostEstimator';

/** Options for {@link createRouter}. */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  estimator: CostEstimator;
  /** Plans workload requests (`pave.infra` environments). */
  infra: InfraService;
}

/**
 * `POST /estimate` → `CostEstimate`. The body is either `{ plans }` (the
 * `environments` of an `/api/infra/plan` answer) or the `/api/infra/plan`
 * request itself (`{ workload, ownership, environments }`), planned here
 * first. Errors name the field and the rule.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, estimator, infra } = options;
  const router = Router();
  // 10 plans of 1000 records are a few MB at most; a workload is a few kB.
  router.use(express.json({ limit: '2mb' }));

  router.post('/estimate', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorize(
      [{ permission: costEstimatePermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError('You may not estimate costs');
    }
    const plans: EnvironmentPlan[] = isPlansRequest(req.body)
      ? parseInput(costEstimatePlansSchema, req.body, 'estimate request').plans
      : infra.plan(req.body);
    res.json(estimator.estimate(plans));
  });

  return router;
}
