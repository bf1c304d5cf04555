import {
  AuditorService,
  HttpAuthService,
  LoggerService,
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
  logger: LoggerService;
  /** Tells the other replicas to reload too (see `replicaReloads`). */
  announceReload?: (policies: number) => Promise<void>;
}

/**
 * - `POST /evaluate` and `POST /template-check`: {@link addVerdictRoutes};
 * - `GET /compliance/:kind/:namespace/:name` → `EntityComplianceResponse`;
 * - `GET /policies` → `{ policies }`;
 * - `POST /reload` → 200 `{ loaded, policies }` (with `warning` when the
 *   other replicas could not be told) or 422 `{ loaded, errors }`.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { auditor, engine, compliance, logger } = options;
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
    res.json({
      policySet: engine.policySet,
      policies: engine.listPolicies(),
    });
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
      try {
        await options.announceReload?.(result.policies);
      } catch (error) {
        // Loaded here all the same: say that the others were not told,
        // rather than fail a reload that happened.
        const warning = `Loaded on this replica, but the other replicas were not told (${
          (error as Error).message
        }); they keep their policies until they are reloaded or restarted. Reload again to retry.`;
        logger.warn(warning);
        await event.success({
          meta: { policies: result.policies, announced: false },
        });
        res.json({ ...result, warning });
        return;
      }
      await event.success({ meta: { policies: result.policies } });
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
