import {
  AuthService,
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  CallerCredentials,
  createRouteAuthorizer,
  hardenedInput,
} from '@pave/backend-common';
import { entityOwners, parseEntityRefInput, parseInput } from '@pave/common';
import {
  bulkUpgradeBodySchema,
  changeRequestBodySchema,
  upgradeBulkPermission,
  upgradeCreatePermission,
  upgradeReadPermission,
} from '@pave/plugin-upgrades-common';
import { UpgradeComponentResource } from '@pave/plugin-upgrades-node';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { UpgradeStore } from '../database/UpgradeStore';
import { BulkUpgrades } from './BulkUpgrades';
import { Inventory } from './Inventory';
import { UpgradeActor, Upgrader } from './Upgrader';

/** Options for {@link createRouter}. */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  auth: AuthService;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  store: UpgradeStore;
  upgrader: Upgrader;
  inventory: Inventory;
  bulk: BulkUpgrades;
  /** Applies a conditional decision to a component (IS_COMPONENT_OWNER). */
  isAuthorized: (
    decision: PolicyDecision,
    resource: UpgradeComponentResource,
  ) => boolean;
}

/** The component as `pave.upgrade.create` is decided on. */
export function toUpgradeResource(entity: Entity): UpgradeComponentResource {
  return {
    entityRef: stringifyEntityRef(entity),
    ownerRefs: entityOwners(entity),
  };
}

/**
 * `/api/upgrades`:
 * - `GET /status?entityRef=` — a component's template, version, whether it
 *   is behind, and its change requests;
 * - `GET /templates?template=` — a template's services per version;
 * - `POST /change-requests` — upgrade one component (201): its owners and
 *   the platform team;
 * - `GET /change-requests?entityRef=&bulkId=`, `GET /change-requests/:id`,
 *   `GET /change-requests/:id/diff`;
 * - `POST /bulk` — upgrade every service of a template that is behind, or
 *   a selection (202; the platform team); `GET /bulk`, `GET /bulk/:id`.
 * Upgrades are made by people: a service token is refused (403) once its
 * input is valid, since a change request and its audit event must say who
 * asked. Components are looked up before the permission decision (it is
 * made on their owners); every signed-in user may read the catalog, so
 * a 404 tells nobody anything new.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, store, upgrader, inventory, bulk } = options;
  const authorize = createRouteAuthorizer(options);
  const router = Router();
  router.use(hardenedInput({ jsonLimit: '64kb' }));

  const read = (req: Request) =>
    authorize(req, upgradeReadPermission, 'You may not see template upgrades');

  /** Who asks, as the policies judge them; people only. */
  async function actorOf(
    req: Request,
    credentials: CallerCredentials,
  ): Promise<UpgradeActor> {
    if (!options.auth.isPrincipal(credentials, 'user')) {
      throw new NotAllowedError(
        'Template upgrades are opened by people: sign in (or use the CLI with `pave auth login`), a service token cannot say who asked',
      );
    }
    const info = await options.userInfo.getUserInfo(credentials);
    return {
      principal: {
        userEntityRef: info.userEntityRef,
        groups: info.ownershipEntityRefs.filter(r => r.startsWith('group:')),
      },
      request: req,
    };
  }

  function queryRef(req: Request, field: string, defaultKind: string) {
    const value = req.query[field];
    if (Array.isArray(value)) {
      throw new InputError(`${field}: give it once`);
    }
    if (typeof value !== 'string' || !value) {
      throw new InputError(
        `${field}: required, such as ${defaultKind}:default/payments`,
      );
    }
    return parseEntityRefInput(value, { field, defaultKind });
  }

  router.get('/status', async (req, res) => {
    await read(req);
    res.json(await inventory.status(queryRef(req, 'entityRef', 'component')));
  });

  router.get('/templates', async (req, res) => {
    await read(req);
    res.json(
      await inventory.templateServices(queryRef(req, 'template', 'template')),
    );
  });

  router.post('/change-requests', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const body = parseInput(changeRequestBodySchema, req.body, 'upgrade');
    const entityRef = parseEntityRefInput(body.entityRef, {
      field: 'entityRef',
      defaultKind: 'component',
    });
    const entity = await upgrader.component(entityRef);
    const [decision] = await permissions.authorizeConditional(
      [{ permission: upgradeCreatePermission }],
      { credentials },
    );
    const allowed =
      decision.result === AuthorizeResult.ALLOW ||
      (decision.result === AuthorizeResult.CONDITIONAL &&
        options.isAuthorized(decision, toUpgradeResource(entity)));
    if (!allowed) {
      throw new NotAllowedError(
        `You may not upgrade ${entityRef}: its owners and the platform team may`,
      );
    }
    const actor = await actorOf(req, credentials);
    res.status(201).json(
      await upgrader.upgrade({
        entityRef,
        ...(body.toVersion ? { toVersion: body.toVersion } : {}),
        actor,
      }),
    );
  });

  router.get('/change-requests', async (req, res) => {
    await read(req);
    const entityRef =
      req.query.entityRef !== undefined
        ? queryRef(req, 'entityRef', 'component')
        : undefined;
    if (
      req.query.bulkId !== undefined &&
      typeof req.query.bulkId !== 'string'
    ) {
      throw new InputError('bulkId: give it once');
    }
    const bulkId = req.query.bulkId as string | undefined;
    res.json({
      items: await store.listChangeRequests({ entityRef, bulkId }),
    });
  });

  router.get('/change-requests/:id', async (req, res) => {
    await read(req);
    const [changeRequest] = await upgrader.withState([
      await store.getChangeRequest(req.params.id),
    ]);
    res.json(changeRequest);
  });

  router.get('/change-requests/:id/diff', async (req, res) => {
    await read(req);
    res.json(await upgrader.diff(await store.getChangeRequest(req.params.id)));
  });

  router.post('/bulk', async (req, res) => {
    const credentials = await authorize(
      req,
      upgradeBulkPermission,
      'You may not upgrade a template’s services in bulk: the platform team may',
    );
    const body = parseInput(bulkUpgradeBodySchema, req.body, 'bulk upgrade');
    const plan = await bulk.plan({
      template: parseEntityRefInput(body.template, {
        field: 'template',
        defaultKind: 'template',
      }),
      ...(body.toVersion ? { toVersion: body.toVersion } : {}),
      ...(body.entityRefs ? { entityRefs: body.entityRefs } : {}),
    });
    res
      .status(202)
      .json(await bulk.start(plan, await actorOf(req, credentials)));
  });

  router.get('/bulk', async (req, res) => {
    await read(req);
    await bulk.sweep();
    res.json({ items: await store.listBulk() });
  });

  router.get('/bulk/:id', async (req, res) => {
    await read(req);
    await bulk.sweep();
    res.json(await store.getBulk(req.params.id));
  });

  return router;
}
