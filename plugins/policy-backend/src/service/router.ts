import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createRouteAuthorizer, hardenedInput } from '@pave/backend-common';
import { parseEntityRefInput } from '@pave/common';
import {
  policyEvaluatePermission,
  policyReloadPermission,
} from '@pave/plugin-policy-common';
import { PolicyEngine } from '@pave/plugin-policy-node';
import express from 'express';
import Router from 'express-promise-router';
import { ComplianceService } from './ComplianceService';
import { TemplateChecker } from './TemplateChecker';
import { QUERY_REFUSAL, addVerdictRoutes } from './verdictRoutes';

/** Options for {@link createRouter}. */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  userInfo: UserInfoService;
  auditor: AuditorService;
  engine: PolicyEngine;
  templateChecker: TemplateChecker;
  compliance: ComplianceService;
  /** Tells the other replicas to reload too (see `replicaReloads`). */
  announceReload?: (policies: number) => Promise<void>;
}

/**
 * - `POST /evaluate` and `POST /template-check`: {@link addVerdictRoutes};
 * - `GET /compliance/:kind/:namespace/:name` → `EntityComplianceResponse`;
 * - `GET /policies` → `{ policies }`;
 * - `POST /reload` → 200 `{ loaded, policies }` or 422 `{ loaded, errors }`.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { auditor, engine, compliance } = options;
  const authorize = createRouteAuthorizer(options);
  const router = Router();
  // 1000 plan records are about 600 kB; anything past 1 MB is not a plan.
  router.use(hardenedInput({ jsonLimit: '1mb' }));

  addVerdictRoutes(router, { ...options, authorize });

  router.get('/compliance/:kind/:namespace/:name', async (req, res) => {
    const credentials = await authorize(
      req,
      policyEvaluatePermission,
      QUERY_REFUSAL,
    );
    const { kind, namespace, name } = req.params;
    const entityRef = parseEntityRefInput(`${kind}:${namespace}/${name}`, {
      field: 'entity',
    });
    res.json(await compliance.evaluate(entityRef, credentials));
  });

  router.get('/policies', async (req, res) => {
    await authorize(req, policyEvaluatePermission, QUERY_REFUSAL);
    res.json({ policies: engine.listPolicies() });
  });

  router.post('/reload', async (req, res) => {
    await authorize(
      req,
      policyReloadPermission,
      'Only the platform team may reload the policies',
    );
    const event = await auditor.createEvent({
      eventId: 'policy-reload',
      request: req,
      severityLevel: 'high',
    });
    const result = await engine.reload();
    if (result.loaded) {
      await event.success({ meta: { policies: result.policies } });
      await options.announceReload?.(result.policies);
      res.json(result);
    } else {
      // The request worked; the files did not. The previous set stays.
      await event.fail({
        error: new InputError(result.errors.join('; ')),
        meta: { errors: result.errors.length },
      });
      res.status(422).json(result);
    }
  });

  return router;
}
