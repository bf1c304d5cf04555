import { AuditorService, UserInfoService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { RouteAuthorizer, audited } from '@pave/backend-common';
import { parseEntityRefInput, parseInput } from '@pave/common';
import {
  PolicyExceptionList,
  exceptionState,
  policyEvaluatePermission,
  policyExceptionManagePermission,
  policyExceptionRequestSchema,
} from '@pave/plugin-policy-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Router } from 'express';
import { ExceptionStore } from '../database/ExceptionStore';
import { ExceptionRefusedError, PolicyExceptions } from './PolicyExceptions';
import { createPrincipalResolver } from './resolvePrincipal';
import { QUERY_REFUSAL } from './verdictRoutes';

const MANAGE_REFUSAL = 'You may not manage policy exceptions';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * - `GET /exceptions?entityRef=` → `PolicyExceptionList`: every exception
 *   of an entity the caller can see, newest first, with its state;
 * - `POST /exceptions` → 201 `{ exception }`, or 403 `{ error, verdict }`
 *   when the `exception.grant` policies refuse; audited (high);
 * - `POST /exceptions/:id/revoke` → `{ exception }`; audited (high).
 * Only people record and revoke exceptions: a service token cannot say who.
 */
export function addExceptionRoutes(
  router: Router,
  deps: {
    authorize: RouteAuthorizer;
    auditor: AuditorService;
    userInfo: UserInfoService;
    catalog: CatalogService;
    exceptions: PolicyExceptions;
    store: ExceptionStore;
  },
) {
  const { authorize, auditor, catalog, exceptions, store } = deps;
  const resolvePrincipal = createPrincipalResolver(deps.userInfo);

  const asPerson = async (req: Parameters<RouteAuthorizer>[0]) => {
    const credentials = await authorize(
      req,
      policyExceptionManagePermission,
      MANAGE_REFUSAL,
    );
    if (credentials.principal.type !== 'user') {
      throw new NotAllowedError(
        'Exceptions are recorded by people: sign in (pave login) rather than use a service token',
      );
    }
    return { credentials, principal: await resolvePrincipal(credentials, {}) };
  };

  router.get('/exceptions', async (req, res) => {
    const credentials = await authorize(
      req,
      policyEvaluatePermission,
      QUERY_REFUSAL,
    );
    const entityRef = parseEntityRefInput(String(req.query.entityRef ?? ''), {
      field: 'entityRef',
      defaultKind: 'component',
    });
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity) {
      throw new NotFoundError(
        `entityRef: ${entityRef} is not in the catalog, or you may not see it`,
      );
    }
    const now = new Date();
    const body: PolicyExceptionList = {
      exceptions: (await store.list(stringifyEntityRef(entity))).map(e => ({
        ...e,
        state: exceptionState(e, now),
      })),
    };
    res.json(body);
  });

  router.post('/exceptions', async (req, res) => {
    const { credentials, principal } = await asPerson(req);
    const parsed = parseInput(
      policyExceptionRequestSchema,
      req.body,
      'policy exception',
    );
    const input = {
      ...parsed,
      entityRef: parseEntityRefInput(parsed.entityRef, {
        field: 'entityRef',
        defaultKind: 'component',
      }),
    };
    try {
      const exception = await audited(
        auditor,
        {
          eventId: 'policy-exception-grant',
          request: req,
          severityLevel: 'high',
          meta: {
            entityRef: input.entityRef,
            policyId: input.policyId,
            ...(input.environment ? { environment: input.environment } : {}),
            expiresAt: input.expiresAt,
            reason: input.reason.slice(0, 300),
          },
        },
        () => exceptions.grant(input, principal, credentials),
        e => ({ exceptionId: e.id, policySet: e.policySet }),
      );
      res.status(201).json({ exception });
    } catch (error) {
      if (error instanceof ExceptionRefusedError) {
        res.status(403).json({
          error: { name: 'NotAllowedError', message: error.message },
          verdict: error.verdict,
        });
        return;
      }
      throw error;
    }
  });

  router.post('/exceptions/:id/revoke', async (req, res) => {
    const { credentials, principal } = await asPerson(req);
    const { id } = req.params;
    if (!UUID.test(id)) {
      throw new NotFoundError(`no exception ${JSON.stringify(id)}`);
    }
    const exception = await audited(
      auditor,
      {
        eventId: 'policy-exception-revoke',
        request: req,
        severityLevel: 'high',
        meta: { exceptionId: id },
      },
      async () => {
        const existing = await store.get(id);
        if (
          !existing ||
          !(await catalog.getEntityByRef(existing.entityRef, { credentials }))
        ) {
          throw new NotFoundError(`no exception ${id}`);
        }
        // Whoever recorded it, or anyone who could record it now, ends it.
        if (
          existing.grantedBy !== principal.userEntityRef &&
          !(await exceptions.mayGrant(existing, principal, credentials))
        ) {
          throw new NotAllowedError(
            `Only ${existing.grantedBy} or someone the exception policies allow to record it may revoke exception ${id}`,
          );
        }
        const state = exceptionState(existing);
        if (state !== 'active') {
          throw new ConflictError(
            `exception ${id} is already ${state}; there is nothing to revoke`,
          );
        }
        const revoked = await store.revoke(id, principal.userEntityRef);
        return revoked!;
      },
      e => ({
        entityRef: e.entityRef,
        policyId: e.policyId,
        state: exceptionState(e),
      }),
    );
    res.json({ exception });
  });
}
