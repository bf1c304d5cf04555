import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import {
  ENVIRONMENT_COMPONENT_RESOURCE_TYPE,
  environmentManagePermission,
} from '@pave/plugin-environments-common';
import { z } from 'zod';

/**
 * The resource `pave.environment.manage` is decided on: the component
 * deployed, reduced to what the rule looks at.
 *
 * @public
 */
export interface EnvironmentComponentResource {
  entityRef: string;
  /** The component's owners (the one ownership rule, `entityOwners`), normalized refs. */
  ownerRefs: string[];
}

/** @public */
export const environmentComponentResourceRef = createPermissionResourceRef<
  EnvironmentComponentResource,
  { ownerRefs: string[] }
>().with({
  pluginId: 'environments',
  resourceType: ENVIRONMENT_COMPONENT_RESOURCE_TYPE,
});

/**
 * True when one of the caller's claims (their user ref and groups) owns
 * the component.
 *
 * @public
 */
export const isComponentOwner = createPermissionRule({
  name: 'IS_COMPONENT_OWNER',
  description:
    'Allow managing the environments of components owned by one of the given claims',
  resourceRef: environmentComponentResourceRef,
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
  pluginId: 'environments',
  resourceType: environmentManagePermission.resourceType,
  rules: { isComponentOwner },
});

/**
 * Conditions for a policy deciding `pave.environment.manage`, e.g.
 * `environmentComponentConditions.isComponentOwner({ claims })`.
 *
 * @public
 */
export const environmentComponentConditions = exported.conditions;

/** @public */
export const createEnvironmentComponentConditionalDecision =
  exported.createConditionalDecision;
