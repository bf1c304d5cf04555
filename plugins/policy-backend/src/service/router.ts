import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { audited, createRouteAuthorizer } from '@pave/backend-common';
import { parseInput } from '@pave/common';
import {
  PolicyEvaluateRequest,
  policyEvaluateBodySchema,
  policyEvaluatePermission,
  policyReloadPermission,
  templateCheckBodySchema,
} from '@pave/plugin-policy-common';
import { PolicyEngine } from '@pave/plugin-policy-node';
import express from 'express';
import Router from 'express-promise-router';
import { ComplianceService } from './ComplianceService';
import { TemplateChecker } from './TemplateChecker';
import { createPrincipalResolver, judgedPrincipal } from './resolvePrincipal';

/** Options for {@link createRouter}. */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  userInfo: UserInfoService;
  auditor: AuditorService;
  engine: PolicyEngine;
  templateChecker: TemplateChecker;
  compliance: ComplianceService;
}

/** The audit log names this many resource ids; the count covers the rest. */
const AUDITED_RESOURCE_IDS = 5;

const QUERY_REFUSAL = 'You may not query the policy engine';

function resourceId(resource: PolicyEvaluateRequest['resources'][number]) {
  switch (resource.type) {
    case 'service':
      return `service/${resource.name}`;
    case 'infra-resource':
      return `${resource.environment}/${resource.address}`;
    case 'template':
      return resource.ref;
    case 'template-section':
      return `section/${resource.tags.join(',')}`;
    case 'scaffolder-action':
      return `action/${resource.id}`;
    default:
      return resource.type;
  }
}

/** The ids of the rules a verdict names, for the audit trail. */
function firedPolicies(result: {
  decision: string;
  violations: { policyId: string }[];
  warnings: { policyId: string }[];
}) {
  return {
    decision: result.decision,
    violatedPolicyIds: [...new Set(result.violations.map(v => v.policyId))],
    warningPolicyIds: [...new Set(result.warnings.map(w => w.policyId))],
  };
}

/**
 * - `POST /evaluate` → `PolicyEvaluateResponse` (200 for allow and deny
 *   alike: a denial is an answer, not an error);
 * - `POST /template-check` → `TemplateCheckResponse`, the verdict on a
 *   template run (the wizard, `pave:policy:check` and the CLI), with the
 *   plans it judged and their cost against the owner's budgets;
 * - `GET /compliance/:kind/:namespace/:name` → `EntityComplianceResponse`;
 * - `GET /policies` → `{ policies }`;
 * - `POST /reload` → 200 `{ loaded, policies }` or 422 `{ loaded, errors }`.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { auditor, engine, templateChecker, compliance } = options;
  const authorize = createRouteAuthorizer(options);
  const resolvePrincipal = createPrincipalResolver(options.userInfo);
  const router = Router();
  // 1000 plan records are about 600 kB; anything past 1 MB is not a plan.
  router.use(express.json({ limit: '1mb' }));

  router.post('/evaluate', async (req, res) => {
    const credentials = await authorize(
      req,
      policyEvaluatePermission,
      QUERY_REFUSAL,
    );
    const body = parseInput(
      policyEvaluateBodySchema,
      req.body,
      'policy evaluation request',
    );
    const event = {
      eventId: 'policy-evaluate',
      request: req,
      severityLevel: 'medium' as const,
      meta: {
        action: body.action,
        principal: judgedPrincipal(credentials, body),
        resources: {
          count: body.resources.length,
          first: body.resources.slice(0, AUDITED_RESOURCE_IDS).map(resourceId),
        },
      },
    };
    const result = await audited(
      auditor,
      event,
      async () => {
        const principal = await resolvePrincipal(credentials, body);
        return engine.evaluate({ ...body, principal });
      },
      firedPolicies,
    );
    res.json(result);
  });

  router.post('/template-check', async (req, res) => {
    const credentials = await authorize(
      req,
      policyEvaluatePermission,
      QUERY_REFUSAL,
    );
    const body = parseInput(
      templateCheckBodySchema,
      req.body,
      'template check',
    );
    const event = {
      eventId: 'policy-template-check',
      request: req,
      severityLevel: 'medium' as const,
      meta: {
        template: body.template,
        service: body.name,
        owner: body.owner,
        environments: body.environments,
        principal: judgedPrincipal(credentials, body),
      },
    };
    const result = await audited(
      auditor,
      event,
      async () => {
        const principal = await resolvePrincipal(credentials, body);
        return templateChecker.check(body, principal, credentials);
      },
      r => ({ template: r.template.ref, ...firedPolicies(r) }),
    );
    res.json(result);
  });

  router.get('/compliance/:kind/:namespace/:name', async (req, res) => {
    const credentials = await authorize(
      req,
      policyEvaluatePermission,
      QUERY_REFUSAL,
    );
    const { kind, namespace, name } = req.params;
    res.json(
      await compliance.evaluate(`${kind}:${namespace}/${name}`, credentials),
    );
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
