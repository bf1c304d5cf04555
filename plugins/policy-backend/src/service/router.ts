import {
  AuditorService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import {
  audited,
  createRouteAuthorizer,
  hardenedInput,
} from '@pave/backend-common';
import { parseEntityRefInput, parseInput } from '@pave/common';
import {
  policyEvaluatePermission,
  policyReloadPermission,
  shortPolicySet,
  whatIfRequestSchema,
} from '@pave/plugin-policy-common';
import { PolicyEngine } from '@pave/plugin-policy-node';
import express from 'express';
import Router from 'express-promise-router';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ExceptionStore } from '../database/ExceptionStore';
import { ComplianceService } from './ComplianceService';
import { PolicyExceptions } from './PolicyExceptions';
import { WhatIf } from './WhatIf';
import { addExceptionRoutes } from './exceptionRoutes';
import { createPrincipalResolver } from './resolvePrincipal';
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
  /** Exceptions to soft-mandatory rules, and where they are kept. */
  exceptions: PolicyExceptions;
  exceptionStore: ExceptionStore;
  catalog: CatalogService;
  /** Judges draft policy sets over the estate (`POST /what-if`). */
  whatIf: WhatIf;
  /**
   * `pave.policy.reload.requireWhatIf`: a reload is refused (409) unless
   * a what-if ran on exactly the content it would load.
   */
  requireWhatIf?: boolean;
  /** Tells the other replicas to reload too (see `replicaReloads`). */
  announceReload?: (policies: number) => Promise<void>;
}

/**
 * - `POST /evaluate` and `POST /template-check`: {@link addVerdictRoutes};
 * - `GET /compliance/:kind/:namespace/:name` → `EntityComplianceResponse`;
 * - `GET /exceptions`, `POST /exceptions`, `POST /exceptions/:id/revoke`:
 *   {@link addExceptionRoutes};
 * - `POST /what-if` (platform team) → `WhatIfReport`, or 422 `{ loaded,
 *   errors }` for a draft that does not load;
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
  addExceptionRoutes(router, {
    ...options,
    authorize,
    store: options.exceptionStore,
  });
  const resolvePrincipal = createPrincipalResolver(options.userInfo);

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
    const answer = await compliance.evaluate(entityRef, credentials);
    if (credentials.principal.type === 'user') {
      const entity = await options.catalog.getEntityByRef(answer.entityRef, {
        credentials,
      });
      answer.canRecordExceptions = entity
        ? options.exceptions.canGrantFor(
            entity,
            await resolvePrincipal(credentials, {}),
          )
        : false;
    }
    res.json(answer);
  });

  router.get('/policies', async (req, res) => {
    await authorize(req, policyEvaluatePermission, QUERY_REFUSAL);
    res.json({
      policySet: engine.policySet,
      policies: engine.listPolicies(),
    });
  });

  router.post('/what-if', async (req, res) => {
    const credentials = await authorize(
      req,
      policyReloadPermission,
      'Only the platform team may run a what-if over the estate',
    );
    const { files } = parseInput(whatIfRequestSchema, req.body, 'what-if');
    const report = await audited(
      auditor,
      {
        eventId: 'policy-what-if',
        request: req,
        severityLevel: 'medium',
        meta: { files: files.length },
      },
      () => options.whatIf.run(files, credentials),
      r =>
        'errors' in r
          ? { loaded: false, errors: r.errors.length }
          : {
              draftPolicySet: r.draftPolicySet,
              rulesChanged: r.rules.length,
              entitiesNewlyDenied: r.entitiesNewlyDenied,
            },
    );
    if ('errors' in report) {
      res.status(422).json(report);
      return;
    }
    await options.exceptionStore
      .whatIfs()
      .record(
        report,
        credentials.principal.type === 'user'
          ? credentials.principal.userEntityRef
          : credentials.principal.subject,
      );
    res.json(report);
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
    // With requireWhatIf, the content hash is checked against the what-if
    // runs inside the reload, on the very files it loads.
    const whatIfs = options.exceptionStore.whatIfs();
    const accept = options.requireWhatIf
      ? async (policySet: string) => {
          if (
            policySet !== engine.policySet &&
            !(await whatIfs.latest(policySet))
          ) {
            throw new ConflictError(
              `No what-if ran on the policy set on disk (${shortPolicySet(
                policySet,
              )}); run \`pave policy what-if <directory>\` (POST /api/policy/what-if) on these files first, then reload`,
            );
          }
        }
      : undefined;
    let result: Awaited<ReturnType<typeof engine.reload>>;
    try {
      result = await engine.reload({ accept });
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
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
