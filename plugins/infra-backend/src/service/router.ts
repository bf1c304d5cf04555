import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
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
 * `POST /plan` → `{ environments: EnvironmentPlan[] }`;
 * `POST /synth` → `{ environments: [{ environment, plan, files }] }`.
 * Bodies are validated by the service; errors name the field and the rule.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, infra } = options;
  const router = Router();
  // A 30-resource workload is a few kB; anything near 1 MB is not a spec.
  router.use(express.json({ limit: '1mb' }));

  async function authorize(req: express.Request) {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorize(
      [{ permission: infraPlanPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError('You may not plan infrastructure');
    }
  }

  router.post('/plan', async (req, res) => {
    await authorize(req);
    res.json({ environments: infra.plan(req.body) });
  });

  router.post('/synth', async (req, res) => {
    await authorize(req);
    res.json({ environments: infra.synthesize(req.body) });
  });

  return router;
}
