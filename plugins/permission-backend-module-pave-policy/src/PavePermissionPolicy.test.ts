import {
  AuthorizeResult,
  ConditionalPolicyDecision,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  taskCreatePermission,
  taskReadPermission,
  templateManagementPermission,
  templateParameterReadPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import { mockCredentials } from '@backstage/backend-test-utils';
import { PavePermissionPolicy } from './PavePermissionPolicy';

function userOf(userEntityRef: string, groups: string[]): PolicyQueryUser {
  return {
    credentials: mockCredentials.user(userEntityRef),
    info: {
      userEntityRef,
      ownershipEntityRefs: [userEntityRef, ...groups],
    },
  };
}

const platformEngineer = userOf('user:default/amara.okafor', [
  'group:default/platform',
]);
const paymentsDeveloper = userOf('user:default/tom.becker', [
  'group:default/payments',
]);

describe('PavePermissionPolicy', () => {
  const policy = new PavePermissionPolicy({
    platformGroup: 'group:default/platform',
  });

  it.each([
    ['catalog.location.create', catalogLocationCreatePermission],
    ['catalog.location.delete', catalogLocationDeletePermission],
    ['scaffolder.template.management', templateManagementPermission],
  ])('reserves %s for the platform team', async (_name, permission) => {
    await expect(
      policy.handle({ permission }, platformEngineer),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    await expect(
      policy.handle({ permission }, paymentsDeveloper),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });

  it.each([
    ['catalog.entity.read', catalogEntityReadPermission],
    ['scaffolder.task.create', taskCreatePermission],
    ['scaffolder.template.parameter.read', templateParameterReadPermission],
  ])('lets every signed-in user %s', async (_name, permission) => {
    await expect(
      policy.handle({ permission }, paymentsDeveloper),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('lets a team unregister only what it owns, never templates', async () => {
    const decision = (await policy.handle(
      { permission: catalogEntityDeletePermission },
      paymentsDeveloper,
    )) as ConditionalPolicyDecision;
    expect(decision.result).toBe(AuthorizeResult.CONDITIONAL);
    expect(decision.pluginId).toBe('catalog');
    expect(decision.conditions).toEqual({
      allOf: [
        {
          rule: 'IS_ENTITY_OWNER',
          resourceType: 'catalog-entity',
          params: { claims: paymentsDeveloper.info.ownershipEntityRefs },
        },
        {
          not: {
            rule: 'IS_ENTITY_KIND',
            resourceType: 'catalog-entity',
            params: { kinds: ['Template', 'Location'] },
          },
        },
      ],
    });
  });

  it('shows a developer only the scaffolder tasks they started', async () => {
    const decision = (await policy.handle(
      { permission: taskReadPermission },
      paymentsDeveloper,
    )) as ConditionalPolicyDecision;
    expect(decision.result).toBe(AuthorizeResult.CONDITIONAL);
    expect(decision.conditions).toEqual({
      rule: 'IS_TASK_OWNER',
      resourceType: 'scaffolder-task',
      params: { createdBy: ['user:default/tom.becker'] },
    });
    await expect(
      policy.handle({ permission: taskReadPermission }, platformEngineer),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('matches the platform group regardless of case', async () => {
    const shouting = userOf('user:default/jonas.weber', [
      'group:default/Platform',
    ]);
    await expect(
      policy.handle({ permission: catalogLocationCreatePermission }, shouting),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('denies when there is no user', async () => {
    const decision: PolicyDecision = await policy.handle({
      permission: catalogEntityReadPermission,
    });
    expect(decision).toEqual({ result: AuthorizeResult.DENY });
  });
});
