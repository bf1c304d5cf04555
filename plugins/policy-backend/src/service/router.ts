import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { parseInput } from '@pave/plugin-infra-common';
import {
  policyEvaluatePermission,
  policyEvaluateRequestSchema,
} from '@pave/plugin-policy-common';
import express from 'express';
import Router from 'express-promise-router';
import { PolicyEngine } from '../engine/PolicyEngine';

/** Options for {@link createRouter}. */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  engine: PolicyEngine;
}

/**
 * `POST /evaluate` → `PolicyEvaluateResponse` (200 for allow and deny alike:
 * a denial is an answer, not an error); `GET /policies` → `{ policies }`.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, engine } = options;
  const router = Router();
  // 1000 plan records are about 600 kB; anything past 1 MB is not a plan.
  router.use(express.json({ limit: '1mb' }));

  async function authorize(req: express.Request) {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorize(
      [{ permission: policyEvaluatePermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError('You may not query the policy engine');
    }
  }

  router.post('/evaluate', async (req, res) => {
    await authorize(req);
    const request = parseInput(
      policyEvaluateRequestSchema,
      req.body,
      'policy evaluation request',
    );
    res.json(engine.evaluate(request));
  });

  router.get('/policies', async (req, res) => {
    await authorize(req);
    res.json({ policies: engine.listPolicies() });
  });

  return router;
}
