import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  catalogEntityCreatePermission,
  catalogEntityDeletePermission,
  catalogIngestionManagePermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  taskCancelPermission,
  taskReadPermission,
  templateManagementPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import {
  createScaffolderTaskConditionalDecision,
  scaffolderTaskConditions,
} from '@backstage/plugin-scaffolder-backend/alpha';

/** Options for {@link PavePermissionPolicy}. */
export interface PavePermissionPolicyOptions {
  /** Entity ref of the group that administers the portal. */
  platformGroup: string;
}

/** Permissions that change what the catalog ingests: platform team only. */
const PLATFORM_ONLY = [
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
  catalogEntityCreatePermission,
  catalogIngestionManagePermission,
  templateManagementPermission,
];

/** Kinds only the platform team may unregister, even when a team owns them. */
const PLATFORM_MANAGED_KINDS = ['Template', 'Location'];

/**
 * Pave's permission policy.
 *
 * - The platform group may do everything.
 * - Everyone signed in may read the catalog, run templates and use the portal.
 * - Registering or unregistering locations, importing entities and managing
 *   templates is reserved for the platform group.
 * - A team may unregister entities it owns, except templates and locations.
 * - Scaffolder tasks are visible to, and cancellable by, the user who ran them.
 *
 * Service principals (plugins, the static CLI token) never reach a policy:
 * the framework decides for them from their configured access restrictions.
 */
export class PavePermissionPolicy implements PermissionPolicy {
  private readonly platformGroup: string;

  constructor(options: PavePermissionPolicyOptions) {
    this.platformGroup = options.platformGroup.toLocaleLowerCase('en-US');
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    // Without a signed-in user there is nobody to grant anything to.
    if (!user) {
      return { result: AuthorizeResult.DENY };
    }
    const claims = user.info.ownershipEntityRefs;
    if (
      claims.some(ref => ref.toLocaleLowerCase('en-US') === this.platformGroup)
    ) {
      return { result: AuthorizeResult.ALLOW };
    }

    const { permission } = request;
    if (PLATFORM_ONLY.some(p => isPermission(permission, p))) {
      return { result: AuthorizeResult.DENY };
    }
    if (isPermission(permission, catalogEntityDeletePermission)) {
      return createCatalogConditionalDecision(permission, {
        allOf: [
          catalogConditions.isEntityOwner({ claims }),
          {
            not: catalogConditions.isEntityKind({
              kinds: PLATFORM_MANAGED_KINDS,
            }),
          },
        ],
      });
    }
    if (
      isPermission(permission, taskReadPermission) ||
      isPermission(permission, taskCancelPermission)
    ) {
      return createScaffolderTaskConditionalDecision(
        permission,
        scaffolderTaskConditions.isTaskOwner({
          createdBy: [user.info.userEntityRef],
        }),
      );
    }
    return { result: AuthorizeResult.ALLOW };
  }
}
