import {
  AuditorService,
  AuthService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { PolicyAction } from '@pave/plugin-policy-common';
import { PolicyEngine } from '@pave/plugin-policy-node';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { createRouteAuthorizer, hardenedInput } from '@pave/backend-common';
import { entityOwners, parseInput } from '@pave/common';
import {
  deployRequestSchema,
  environmentManagePermission,
  isPreviewEnvironment,
  extendRequestSchema,
  environmentReadPermission,
} from '@pave/plugin-environments-common';
import {
  EnvironmentComponentResource,
  LocalServices,
} from '@pave/plugin-environments-node';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { parseEntityRef } from '@backstage/catalog-model';
import { readFile } from 'node:fs/promises';
import { DeploymentStore } from '../database/DeploymentStore';
import { Actor, Orchestrator } from './Orchestrator';
import { DeploymentCostFacts, PreviewBudget } from './PreviewBudget';

/** What the permission rule sees of a component. */
export function toComponentResource(
  entity: Entity,
): EnvironmentComponentResource {
  return {
    entityRef: stringifyEntityRef(entity),
    ownerRefs: entityOwners(entity),
  };
}

/** Options for {@link createRouter}. */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  /** Pave's Cedar guardrails: environment.deploy, .destroy, .extend. */
  policyEngine: PolicyEngine;
  auth: AuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  catalog: CatalogService;
  store: DeploymentStore;
  orchestrator: Orchestrator;
  services: LocalServices;
  /** Prices deploys and holds previews against their team's budget. */
  previewBudget: PreviewBudget;
  /** Applies a conditional decision to a component (IS_COMPONENT_OWNER). */
  isAuthorized: (
    decision: PolicyDecision,
    resource: EnvironmentComponentResource,
  ) => boolean;
}

const MAX_LOG_LINES = 2000;

/**
 * `/api/environments`:
 * - `GET /environments` — the environments this Pave runs, and its previews' lifetimes;
 * - `GET /deployments?entityRef=` — where components run (every signed-in user);
 * - `GET /deployments/:id` — one, with its history;
 * - `POST /deployments` — deploy (202; a preview must fit its team's
 *   preview budget, Cedar's `preview-budget`); `DELETE /deployments/:id` — destroy (202);
 * - `POST /deployments/:id/extend` — a preview lives longer;
 * - `GET /deployments/:id/logs?lines=` — the service's output.
 * Deploying, destroying and reading logs (which may hold what the service
 * prints) are for the component's owners and the platform team.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const {
    httpAuth,
    permissions,
    auditor,
    catalog,
    store,
    orchestrator,
    services,
    isAuthorized,
    previewBudget,
  } = options;
  const authorize = createRouteAuthorizer(options);
  const router = Router();
  router.use(hardenedInput({ jsonLimit: '16kb' }));

  /**
   * The component, if the caller may manage its environments (the
   * permission framework, then Cedar's guardrails for people); else 403
   * (404 if unknown).
   */
  async function authorizeManage(
    req: Request,
    entityRef: string,
    what: string,
    cedar: { action: PolicyAction; environment: string },
  ): Promise<{ credentials: BackstageCredentials; entity: Entity }> {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity) {
      throw new NotFoundError(
        `entityRef: no component ${entityRef} in the catalog`,
      );
    }
    const [decision] = await permissions.authorizeConditional(
      [{ permission: environmentManagePermission }],
      { credentials },
    );
    if (
      decision.result === AuthorizeResult.ALLOW ||
      (decision.result === AuthorizeResult.CONDITIONAL &&
        isAuthorized(decision, toComponentResource(entity)))
    ) {
      await checkGuardrails(credentials, entity, cedar);
      return { credentials, entity };
    }
    throw new NotAllowedError(
      `You may not ${what} ${entityRef}: its owners and the platform team may`,
    );
  }

  /** Cedar judges people (services are decided by their access restrictions). */
  async function checkGuardrails(
    credentials: BackstageCredentials,
    entity: Entity,
    cedar: {
      action: PolicyAction;
      environment: string;
      facts?: Pick<
        DeploymentCostFacts,
        'estimatedMonthlyCents' | 'previewBudgetRemainingCents'
      >;
    },
  ) {
    if (!options.auth.isPrincipal(credentials, 'user')) {
      return;
    }
    const { userEntityRef, ownershipEntityRefs } =
      await options.userInfo.getUserInfo(credentials);
    const owners = entityOwners(entity);
    const verdict = options.policyEngine.evaluate({
      principal: {
        userEntityRef,
        groups: ownershipEntityRefs.filter(r => r.startsWith('group:')),
      },
      action: cedar.action,
      resources: [
        {
          type: 'deployment',
          component: stringifyEntityRef(entity),
          environment: cedar.environment,
          preview: isPreviewEnvironment(cedar.environment),
          ownerGroups: owners.filter(r => r.startsWith('group:')),
          ownerUsers: owners.filter(r => r.startsWith('user:')),
          ...cedar.facts,
        },
      ],
    });
    if (verdict.decision === 'deny') {
      throw new NotAllowedError(
        verdict.violations.map(v => `${v.policyId}: ${v.message}`).join('; '),
      );
    }
  }

  function actorOf(req: Request, credentials: BackstageCredentials): Actor {
    const principal = credentials.principal as {
      userEntityRef?: string;
      subject?: string;
    };
    return {
      ref: principal.userEntityRef ?? principal.subject ?? 'unknown',
      auditEvent: (eventId, meta) =>
        auditor.createEvent({
          eventId,
          severityLevel: 'medium',
          request: req,
          meta,
        }),
    };
  }

  router.get('/environments', async (req, res) => {
    await authorize(
      req,
      environmentReadPermission,
      'You may not see environments',
    );
    res.json(orchestrator.offer());
  });

  router.get('/deployments', async (req, res) => {
    await authorize(
      req,
      environmentReadPermission,
      'You may not see environments',
    );
    const entityRef =
      typeof req.query.entityRef === 'string' ? req.query.entityRef : undefined;
    res.json({ items: await store.list(entityRef) });
  });

  router.get('/deployments/:id', async (req, res) => {
    await authorize(
      req,
      environmentReadPermission,
      'You may not see environments',
    );
    const deployment = await store.get(req.params.id);
    if (!deployment) {
      throw new NotFoundError(`No deployment ${req.params.id}`);
    }
    res.json({ ...deployment, events: await store.events(deployment.id) });
  });

  router.post('/deployments', async (req, res) => {
    const request = parseInput(deployRequestSchema, req.body, 'deploy request');
    const cedar = {
      action: 'environment.deploy' as const,
      environment: request.environment,
    };
    const { credentials, entity } = await authorizeManage(
      req,
      request.entityRef,
      'deploy',
      cedar,
    );
    const deployment = await orchestrator.deploy(
      request,
      actorOf(req, credentials),
      // Once the commit is known: priced, and a preview held against its
      // team's preview budget by Cedar (preview-budget).
      async source => {
        const {
          estimatedMonthlyUsd,
          estimatedMonthlyCents,
          previewBudgetRemainingCents,
        } = await previewBudget.facts(entity, request.environment, source);
        if (previewBudgetRemainingCents !== undefined) {
          await checkGuardrails(credentials, entity, {
            ...cedar,
            facts: { estimatedMonthlyCents, previewBudgetRemainingCents },
          });
        }
        return { estimatedMonthlyUsd };
      },
    );
    res.status(202).json(deployment);
  });

  /** The deployment `:id` (404), if the caller may manage it (403). */
  async function manageDeployment(
    req: Request,
    what: string,
    action: PolicyAction,
  ) {
    const deployment = await store.get(req.params.id);
    if (!deployment) {
      throw new NotFoundError(`No deployment ${req.params.id}`);
    }
    const { credentials } = await authorizeManage(
      req,
      deployment.entityRef,
      what,
      { action, environment: deployment.environment },
    );
    return { deployment, credentials };
  }

  router.delete('/deployments/:id', async (req, res) => {
    const { deployment, credentials } = await manageDeployment(
      req,
      'destroy the environments of',
      'environment.destroy',
    );
    res
      .status(202)
      .json(
        await orchestrator.destroy(deployment.id, actorOf(req, credentials)),
      );
  });

  router.post('/deployments/:id/extend', async (req, res) => {
    const { hours } = parseInput(
      extendRequestSchema,
      req.body,
      'extend request',
    );
    const { deployment, credentials } = await manageDeployment(
      req,
      'extend the previews of',
      'environment.extend',
    );
    res.json(
      await orchestrator.extend(
        deployment.id,
        hours,
        actorOf(req, credentials),
      ),
    );
  });

  router.get('/deployments/:id/logs', async (req, res) => {
    // Reading what a service printed is as sensitive as changing it.
    const { deployment } = await manageDeployment(
      req,
      'read the logs of',
      'environment.deploy',
    );
    const lines = Math.min(
      Math.max(Number(req.query.lines) || 200, 1),
      MAX_LOG_LINES,
    );
    const file = services.logFile(
      parseEntityRef(deployment.entityRef).name,
      deployment.environment,
    );
    const text = await readFile(file, 'utf8').catch(() => '');
    res.json({ lines: text.split('\n').filter(Boolean).slice(-lines) });
  });

  return router;
}
