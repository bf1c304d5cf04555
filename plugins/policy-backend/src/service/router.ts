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
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { parseInput } from '@pave/plugin-infra-common';
import {
  PolicyEvaluateBody,
  PolicyEvaluateRequest,
  policyEvaluateBodySchema,
  policyEvaluatePermission,
} from '@pave/plugin-policy-common';
import express from 'express';
import Router from 'express-promise-router';
import { PolicyEngine } from '../engine/PolicyEngine';

/** Options for {@link createRouter}. */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  userInfo: UserInfoService;
  auditor: AuditorService;
  engine: PolicyEngine;
}

/** The audit log names this many resource ids; the count covers the rest. */
const AUDITED_RESOURCE_IDS = 5;

function resourceId(resource: PolicyEvaluateBody['resources'][number]) {
  return resource.type === 'service'
    ? `service/${resource.name}`
    : `${resource.environment}/${resource.address}`;
}

/**
 * `POST /evaluate` → `PolicyEvaluateResponse` (200 for allow and deny alike:
 * a denial is an answer, not an error); `GET /policies` → `{ policies }`.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, userInfo, auditor, engine } = options;
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
    body: PolicyEvaluateBody,
  ): Promise<PolicyEvaluateRequest['principal']> {
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
        meta: {
          decision: result.decision,
          violatedPolicyIds: [
            ...new Set(result.violations.map(v => v.policyId)),
          ],
          warningPolicyIds: [...new Set(result.warnings.map(w => w.policyId))],
        },
      });
      res.json(result);
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  router.get('/policies', async (req, res) => {
    await authorize(req);
    res.json({ policies: engine.listPolicies() });
  });

  return router;
}
