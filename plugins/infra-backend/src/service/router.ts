import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { createRouteAuthorizer, hardenedInput } from '@pave/backend-common';
import { infraPlanPermission } from '@pave/plugin-infra-common';
import express from 'express';
import Router from 'express-promise-router';
import { InfraService } from '@pave/plugin-infra-node';

/** Options for {@link createRouter}. */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  infra: InfraService;
}

/**
 * `POST /plan` → `{ environments: EnvironmentPlan[] }` (a plan, no synthesis);
 * `POST /synth` → `{ environments: [{ environment, plan, files }] }`.
 * Bodies are validated by the service; errors name the field and the rule.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { infra } = options;
  const authorize = createRouteAuthorizer(options);
  const refusal = 'You may not plan infrastructure';
  const router = Router();
  // A 30-resource workload is a few kB; anything near 1 MB is not a spec.
  router.use(hardenedInput({ jsonLimit: '1mb' }));

  router.post('/plan', async (req, res) => {
    await authorize(req, infraPlanPermission, refusal);
    res.json({ environments: infra.plan(req.body) });
  });

  router.post('/synth', async (req, res) => {
    await authorize(req, infraPlanPermission, refusal);
    res.json({ environments: infra.synthesize(req.body) });
  });

  return router;
}
