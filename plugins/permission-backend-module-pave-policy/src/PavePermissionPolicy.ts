import {
  AuthorizeResult,
  isPermission,
  Permission,
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
  catalogEntityReadPermission,
  catalogIngestionManagePermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  actionExecutePermission,
  taskCancelPermission,
  taskCreatePermission,
  taskReadPermission,
  templateManagementPermission,
  templateParameterReadPermission,
  templateStepReadPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import {
  createScaffolderActionConditionalDecision,
  createScaffolderTaskConditionalDecision,
  createScaffolderTemplateConditionalDecision,
  scaffolderActionConditions,
  scaffolderTaskConditions,
  scaffolderTemplateConditions,
} from '@backstage/plugin-scaffolder-backend/alpha';
import {
  PolicyAction,
  PolicyPrincipal,
  PolicyResource,
  policyReloadPermission,
} from '@pave/plugin-policy-common';
import { PolicyEngine } from '@pave/plugin-policy-node';
import {
  auditReadAllPermission,
  auditReadPermission,
} from '@pave/plugin-audit-common';
import {
  auditEntityConditions,
  createAuditEntityConditionalDecision,
} from '@pave/plugin-audit-node';
import { environmentManagePermission } from '@pave/plugin-environments-common';
import {
  createEnvironmentComponentConditionalDecision,
  environmentComponentConditions,
} from '@pave/plugin-environments-node';
import {
  costIngestPermission,
  costRecordPermission,
} from '@pave/plugin-cost-common';
import {
  upgradeBulkPermission,
  upgradeCreatePermission,
} from '@pave/plugin-upgrades-common';
import {
  createUpgradeComponentConditionalDecision,
  upgradeComponentConditions,
} from '@pave/plugin-upgrades-node';
import { TemplateInventory, TemplateSource } from './TemplateCatalog';

/** The framework's `anyOf` wants a non-empty tuple; callers check first. */
function nonEmpty<T>(items: T[]): [T, ...T[]] {
  if (items.length === 0) {
    throw new Error('nonEmpty: no items');
  }
  return items as [T, ...T[]];
}

/** Options for {@link PavePermissionPolicy}. */
export interface PavePermissionPolicyOptions {
  /** Entity ref of the group that administers the portal. */
  platformGroup: string;
  /** The shared Cedar engine, which decides the scaffolder permissions. */
  engine: PolicyEngine;
  /** The catalog's templates, the candidates Cedar judges. */
  templates: TemplateSource;
}

/**
 * Platform team only: what the catalog ingests, policy reloads, the whole
 * audit trail, what cost history and billing data hold (the scaffolder
 * records estimates with its own service credentials), and upgrading a
 * template's services in bulk.
 */
const PLATFORM_ONLY = [
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
  catalogEntityCreatePermission,
  catalogIngestionManagePermission,
  templateManagementPermission,
  policyReloadPermission,
  auditReadAllPermission,
  costRecordPermission,
  costIngestPermission,
  upgradeBulkPermission,
];

/** The permissions Cedar decides, for every user including the platform team. */
const CEDAR_DECIDED = [
  taskCreatePermission,
  catalogEntityReadPermission,
  templateParameterReadPermission,
  templateStepReadPermission,
  actionExecutePermission,
];

/** Principals whose decisions are cached at once before the cache restarts. */
const MAX_CACHED = 10_000;

/** Kinds only the platform team may unregister, even when a team owns them. */
const PLATFORM_MANAGED_KINDS = ['Template', 'Location'];

/**
 * Pave's permission policy.
 *
 * Who may see and run which template is Cedar's call, with the same engine
 * and policy files as every other guardrail (`policies/templates.cedar`,
 * `policies/scaffolder.cedar`):
 * - `catalog.entity.read` hides the templates `template.read` denies (the
 *   scaffolder reads a template as the user, so a hidden one cannot run);
 * - `scaffolder.template.parameter.read` / `step.read` hide the parameters
 *   and steps whose `backstage:permissions.tags` `template.section.read`
 *   denies;
 * - `scaffolder.task.create` is `task.create`;
 * - `scaffolder.action.execute` refuses the actions `action.execute` denies.
 * Conditional permissions carry no resource, so Cedar judges the catalog's
 * templates, their section tags and their actions as candidates (refreshed
 * every few seconds) and the decision names the denied ones. A template
 * registered since the last refresh is visible until the next one; running
 * it still passes `pave:policy:check`, which looks its tags up itself.
 *
 * The rest is fixed:
 * - the platform group may do everything else;
 * - registering or unregistering locations, importing entities, managing
 *   templates, reloading policies and reading the whole audit trail is
 *   reserved for the platform group;
 * - an entity's audit trail is visible to the team that owns it;
 * - a component's environments are deployed and destroyed by its team;
 * - a component's template upgrades are opened by its team; bulk upgrades
 *   are the platform group's;
 * - a team may unregister entities it owns, except templates and locations;
 * - scaffolder tasks are visible to, and cancellable by, who ran them.
 *
 * Service principals (plugins, the static CLI token) never reach a policy:
 * the framework decides for them from their configured access restrictions.
 */
export class PavePermissionPolicy implements PermissionPolicy {
  private readonly platformGroup: string;
  /**
   * Cedar's decisions per permission and principal, for one template
   * inventory and one policy set: a catalog request then costs a map lookup
   * instead of one Cedar call per template (see bench/permissionDecision.ts).
   */
  private readonly decisions = new Map<string, PolicyDecision>();
  private decisionsStamp = '';

  constructor(private readonly options: PavePermissionPolicyOptions) {
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
    const principal: PolicyPrincipal = {
      userEntityRef: user.info.userEntityRef,
      groups: claims.filter(ref => ref.startsWith('group:')),
    };
    const { permission } = request;

    // Cedar first, for everyone: a guardrail binds the platform team too.
    if (CEDAR_DECIDED.some(p => isPermission(permission, p))) {
      const inventory = await this.options.templates.inventory();
      const stamp = `${inventory.generation}:${this.options.engine.version}`;
      if (stamp !== this.decisionsStamp || this.decisions.size > MAX_CACHED) {
        this.decisions.clear();
        this.decisionsStamp = stamp;
      }
      const key = `${permission.name}|${principal.userEntityRef}|${[
        ...principal.groups,
      ]
        .sort()
        .join(',')}`;
      let decision = this.decisions.get(key);
      if (!decision) {
        decision = this.cedarDecision(permission, principal, inventory);
        this.decisions.set(key, decision);
      }
      return decision;
    }

    if (
      claims.some(ref => ref.toLocaleLowerCase('en-US') === this.platformGroup)
    ) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (PLATFORM_ONLY.some(p => isPermission(permission, p))) {
      return { result: AuthorizeResult.DENY };
    }
    // An entity's audit trail is its owning team's (and the platform's).
    if (isPermission(permission, auditReadPermission)) {
      return createAuditEntityConditionalDecision(
        permission,
        auditEntityConditions.isEntityOwner({ claims }),
      );
    }
    // Deploying, destroying and reading the logs of a component's
    // environments is its owning team's (and the platform's).
    if (isPermission(permission, environmentManagePermission)) {
      return createEnvironmentComponentConditionalDecision(
        permission,
        environmentComponentConditions.isComponentOwner({ claims }),
      );
    }
    // Opening a template upgrade of a component is its owning team's (and
    // the platform's); upgrading a template's services in bulk is the
    // platform's (above).
    if (isPermission(permission, upgradeCreatePermission)) {
      return createUpgradeComponentConditionalDecision(
        permission,
        upgradeComponentConditions.isComponentOwner({ claims }),
      );
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

  /** The decision Cedar makes for one of the {@link CEDAR_DECIDED} permissions. */
  private cedarDecision(
    permission: Permission,
    principal: PolicyPrincipal,
    inventory: TemplateInventory,
  ): PolicyDecision {
    if (isPermission(permission, taskCreatePermission)) {
      return this.allows(principal, 'task.create', { type: 'scaffolder' })
        ? { result: AuthorizeResult.ALLOW }
        : { result: AuthorizeResult.DENY };
    }
    if (isPermission(permission, catalogEntityReadPermission)) {
      return this.templateVisibility(principal, inventory.templates);
    }
    if (
      isPermission(permission, templateParameterReadPermission) ||
      isPermission(permission, templateStepReadPermission)
    ) {
      const denied = inventory.sectionTags.filter(
        tag =>
          !this.allows(principal, 'template.section.read', {
            type: 'template-section',
            tags: [tag],
          }),
      );
      return denied.length === 0
        ? { result: AuthorizeResult.ALLOW }
        : createScaffolderTemplateConditionalDecision(permission, {
            not: {
              anyOf: nonEmpty(
                denied.map(tag => scaffolderTemplateConditions.hasTag({ tag })),
              ),
            },
          });
    }
    if (isPermission(permission, actionExecutePermission)) {
      const denied = inventory.actionIds.filter(
        id =>
          !this.allows(principal, 'action.execute', {
            type: 'scaffolder-action',
            id,
          }),
      );
      return denied.length === 0
        ? { result: AuthorizeResult.ALLOW }
        : createScaffolderActionConditionalDecision(permission, {
            not: {
              anyOf: nonEmpty(
                denied.map(actionId =>
                  scaffolderActionConditions.hasActionId({ actionId }),
                ),
              ),
            },
          });
    }
    throw new Error(`${permission.name} is not decided by Cedar`);
  }

  /** Everything but the templates `template.read` denies this principal. */
  private templateVisibility(
    principal: PolicyPrincipal,
    templates: TemplateInventory['templates'],
  ): PolicyDecision {
    const hidden = templates.filter(
      template => !this.allows(principal, 'template.read', template),
    );
    if (hidden.length === 0) {
      return { result: AuthorizeResult.ALLOW };
    }
    return createCatalogConditionalDecision(catalogEntityReadPermission, {
      not: {
        anyOf: nonEmpty(
          hidden.map(template => ({
            allOf: [
              catalogConditions.isEntityKind({ kinds: ['Template'] }),
              catalogConditions.hasMetadata({
                key: 'namespace',
                value: template.namespace,
              }),
              catalogConditions.hasMetadata({
                key: 'name',
                value: template.name,
              }),
            ],
          })),
        ),
      },
    });
  }

  /** One Cedar decision; an engine error denies (the engine fails closed). */
  private allows(
    principal: PolicyPrincipal,
    action: PolicyAction,
    resource: PolicyResource,
  ): boolean {
    return (
      this.options.engine.evaluate({
        principal,
        action,
        resources: [resource],
      }).decision === 'allow'
    );
  }
}
