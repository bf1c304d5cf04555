import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { entityOwners } from '@pave/common';
import { NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  auditReadAllPermission,
  auditReadPermission,
  normalizeEntityRef,
} from '@pave/plugin-audit-common';
import { AuditEntityResource } from '@pave/plugin-audit-node';

/**
 * What the permission rules see of an entity: its ref and its owners, by
 * the one rule every Pave plugin applies (`entityOwners`).
 */
export function toAuditEntityResource(entity: Entity): AuditEntityResource {
  const ref = stringifyEntityRef(entity);
  return {
    entityRef: normalizeEntityRef(ref) ?? ref.toLocaleLowerCase('en-US'),
    ownerRefs: entityOwners(entity),
  };
}

/** The outcome of {@link ReadAccess.check}. */
export type ReadAccessResult = 'allowed' | 'unknown-entity';

/**
 * Who may read which part of the trail:
 * - `pave.audit.read.all` (the platform team): everything, including the
 *   trail of entities the catalog no longer has;
 * - otherwise only one entity's trail at a time, under `pave.audit.read`,
 *   which Pave's policy makes conditional on owning the entity. The entity
 *   is looked up with the caller's own credentials, so an entity they
 *   cannot see in the catalog reads as unknown (an empty page) rather than
 *   as a refusal that would reveal it exists.
 */
export class ReadAccess {
  constructor(
    private readonly options: {
      permissions: PermissionsService;
      catalog: CatalogService;
      /** Applies a conditional decision to a loaded entity. */
      isAuthorized: (
        decision: PolicyDecision,
        resource: AuditEntityResource | undefined,
      ) => boolean;
    },
  ) {}

  async check(
    credentials: BackstageCredentials,
    entityRef: string | undefined,
  ): Promise<ReadAccessResult> {
    const { permissions, catalog, isAuthorized } = this.options;
    const [all] = await permissions.authorize(
      [{ permission: auditReadAllPermission }],
      { credentials },
    );
    if (all.result === AuthorizeResult.ALLOW) {
      return 'allowed';
    }
    if (!entityRef) {
      throw new NotAllowedError(
        'entityRef: required — reading the whole audit trail is reserved for the platform team (pave.audit.read.all)',
      );
    }
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity) {
      return 'unknown-entity';
    }
    const [decision] = await permissions.authorizeConditional(
      [{ permission: auditReadPermission }],
      { credentials },
    );
    if (
      decision.result === AuthorizeResult.ALLOW ||
      (decision.result === AuthorizeResult.CONDITIONAL &&
        isAuthorized(decision, toAuditEntityResource(entity)))
    ) {
      return 'allowed';
    }
    throw new NotAllowedError(
      `You may not read the audit trail of ${entityRef}: it is visible to its owners and the platform team`,
    );
  }
}
