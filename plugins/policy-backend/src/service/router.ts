import {
  AuditorService,
  BackstageCredentials,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import { parseInput } from '@pave/common';
import {
  PolicyEvaluateRequest,
  PolicyPrincipal,
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
 *   cost estimate it judged the budgets by;
 * - `GET /compliance/:kind/:namespace/:name` → `EntityComplianceResponse`;
 * - `GET /policies` → `{ policies }`;
 * - `POST /reload` → 200 `{ loaded, policies }` or 422 `{ loaded, errors }`.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const {
    httpAuth,
    permissions,
    userInfo,
    auditor,
    engine,
    templateChecker,
    compliance,
  } = options;
  const router = Router();
  // 1000 plan records are about 600 kB; anything past 1 MB is not a plan.
  router.use(express.json({ limit: '1mb' }));

  async function authorize(
    req: express.Request,
    permission: BasicPermission = policyEvaluatePermission,
  ) {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        permission === policyEvaluatePermission
          ? 'You may not query the policy engine'
          : 'Only the platform team may reload the policies',
      );
    }
    return credentials;
  }

  /**
   * A user is judged as who they are, so nobody can borrow a colleague's
   * groups; only a service (the CLI's static token) speaks for someone else.
   */
  async function resolvePrincipal(
    credentials: BackstageCredentials<
      BackstageUserPrincipal | BackstageServicePrincipal
    >,
    body: { principal?: PolicyPrincipal },
  ): Promise<PolicyPrincipal> {
    if (credentials.principal.type !== 'user') {
      if (!body.principal) {
        throw new InputError(
          'principal: service callers must name the principal to judge',
        );
      }
      return body.principal;
    }
    // On-behalf-of calls carry user credentials too, so they land here.
    const info = await userInfo.getUserInfo(credentials);
    if (body.principal && body.principal.userEntityRef !== info.userEntityRef) {
      throw new NotAllowedError(
        `principal.userEntityRef ${body.principal.userEntityRef} is not you (${info.userEntityRef}); omit the principal to be judged as yourself`,
      );
    }
    return {
      userEntityRef: info.userEntityRef,
      groups: info.ownershipEntityRefs.filter(ref => ref.startsWith('group:')),
    };
  }

  router.post('/evaluate', async (req, res) => {
    const credentials = await authorize(req);
    const body = parseInput(
      policyEvaluateBodySchema,
      req.body,
      'policy evaluation request',
    );
    const event = await auditor.createEvent({
      eventId: 'policy-evaluate',
      request: req,
      severityLevel: 'medium',
      meta: {
        action: body.action,
        // Who is judged, before the check: a refused impersonation is audited too.
        principal:
          credentials.principal.type === 'user'
            ? credentials.principal.userEntityRef
            : body.principal?.userEntityRef,
        resources: {
          count: body.resources.length,
          first: body.resources.slice(0, AUDITED_RESOURCE_IDS).map(resourceId),
        },
      },
    });
    try {
      const principal = await resolvePrincipal(credentials, body);
      const result = engine.evaluate({ ...body, principal });
      await event.success({
        meta: firedPolicies(result),
      });
      res.json(result);
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  router.post('/template-check', async (req, res) => {
    const credentials = await authorize(req);
    const body = parseInput(
      templateCheckBodySchema,
      req.body,
      'template check',
    );
    const event = await auditor.createEvent({
      eventId: 'policy-template-check',
      request: req,
      severityLevel: 'medium',
      meta: {
        template: body.template,
        service: body.name,
        owner: body.owner,
        environments: body.environments,
        principal:
          credentials.principal.type === 'user'
            ? credentials.principal.userEntityRef
            : body.principal?.userEntityRef,
      },
    });
    try {
      const principal = await resolvePrincipal(credentials, body);
      const result = await templateChecker.check(body, principal, credentials);
      await event.success({
        meta: { template: result.template.ref, ...firedPolicies(result) },
      });
      res.json(result);
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  router.get('/compliance/:kind/:namespace/:name', async (req, res) => {
    const credentials = await authorize(req);
    const { kind, namespace, name } = req.params;
    res.json(
      await compliance.evaluate(`${kind}:${namespace}/${name}`, credentials),
    );
  });

  router.get('/policies', async (req, res) => {
    await authorize(req);
    res.json({ policies: engine.listPolicies() });
  });

  router.post('/reload', async (req, res) => {
    await authorize(req, policyReloadPermission);
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
