import { AuditorService, UserInfoService } from '@backstage/backend-plugin-api';
import { RouteAuthorizer, audited } from '@pave/backend-common';
import { parseInput } from '@pave/common';
import {
  PolicyEvaluateRequest,
  policyEvaluateBodySchema,
  policyEvaluatePermission,
  templateCheckBodySchema,
} from '@pave/plugin-policy-common';
import { PolicyEngine } from '@pave/plugin-policy-node';
import { Router } from 'express';
import { TemplateChecker } from './TemplateChecker';
import { createPrincipalResolver, judgedPrincipal } from './resolvePrincipal';

/** The 403 of every query route. */
export const QUERY_REFUSAL = 'You may not query the policy engine';

/** The audit log names this many resource ids; the count covers the rest. */
const AUDITED_RESOURCE_IDS = 5;

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
  policySet: string;
}) {
  return {
    decision: result.decision,
    policySet: result.policySet,
    violatedPolicyIds: [...new Set(result.violations.map(v => v.policyId))],
    warningPolicyIds: [...new Set(result.warnings.map(w => w.policyId))],
  };
}

/**
 * The routes that judge, each audited with who was judged and which rules
 * fired:
 * - `POST /evaluate` → `PolicyEvaluateResponse` (200 for allow and deny
 *   alike: a denial is an answer, not an error);
 * - `POST /template-check` → `TemplateCheckResponse`, the verdict on a
 *   template run (the wizard, `pave:policy:check` and the CLI), with the
 *   plans it judged and their cost against the owner's budgets.
 */
export function addVerdictRoutes(
  router: Router,
  deps: {
    authorize: RouteAuthorizer;
    auditor: AuditorService;
    userInfo: UserInfoService;
    engine: PolicyEngine;
    templateChecker: TemplateChecker;
  },
) {
  const { authorize, auditor, engine, templateChecker } = deps;
  const resolvePrincipal = createPrincipalResolver(deps.userInfo);

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
}
