import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import {
  UPGRADE_COMPONENT_RESOURCE_TYPE,
  upgradeCreatePermission,
} from '@pave/plugin-upgrades-common';
import { z } from 'zod';

/**
 * The resource `pave.upgrade.create` is decided on: the component
 * upgraded, reduced to what the rule looks at.
 *
 * @public
 */
export interface UpgradeComponentResource {
  entityRef: string;
  /** The component's owners, normalized refs. */
  ownerRefs: string[];
}

/** @public */
export const upgradeComponentResourceRef = createPermissionResourceRef<
  UpgradeComponentResource,
  { ownerRefs: string[] }
>().with({
  pluginId: 'upgrades',
  resourceType: UPGRADE_COMPONENT_RESOURCE_TYPE,
});

/**
 * True when one of the caller's claims (their user ref and groups) owns
 * the component.
 *
 * @public
 */
export const isUpgradeComponentOwner = createPermissionRule({
  name: 'IS_COMPONENT_OWNER',
  description:
    'Allow upgrading components owned by one of the given claims to a newer template version',
  resourceRef: upgradeComponentResourceRef,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe('Entity refs of the caller: their user and groups'),
  }),
  apply(resource, { claims }) {
    const owned = new Set(
      resource.ownerRefs.map(r => r.toLocaleLowerCase('en-US')),
    );
    return claims.some(claim => owned.has(claim.toLocaleLowerCase('en-US')));
  },
  toQuery({ claims }) {
    return { ownerRefs: claims };
  },
});

const exported = createConditionExports({
  pluginId: 'upgrades',
  resourceType: upgradeCreatePermission.resourceType,
  rules: { isComponentOwner: isUpgradeComponentOwner },
});

/**
 * Conditions for a policy deciding `pave.upgrade.create`, e.g.
 * `upgradeComponentConditions.isComponentOwner({ claims })`.
 *
 * @public
 */
export const upgradeComponentConditions = exported.conditions;

/** @public */
export const createUpgradeComponentConditionalDecision =
  exported.createConditionalDecision;
