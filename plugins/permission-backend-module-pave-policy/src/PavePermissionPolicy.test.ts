import { environmentManagePermission } from '@pave/plugin-environments-common';
import {
  upgradeBulkPermission,
  upgradeCreatePermission,
} from '@pave/plugin-upgrades-common';
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
  actionExecutePermission,
  taskCreatePermission,
  taskReadPermission,
  templateManagementPermission,
  templateParameterReadPermission,
  templateStepReadPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import { mockCredentials } from '@backstage/backend-test-utils';
import { policyReloadPermission } from '@pave/plugin-policy-common';
import {
  auditReadAllPermission,
  auditReadPermission,
} from '@pave/plugin-audit-common';
import { PolicyEngine } from '@pave/plugin-policy-node';
import { resolve } from 'node:path';
import { PavePermissionPolicy } from './PavePermissionPolicy';
import { TemplateInventory, inventoryOf } from './TemplateCatalog';

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

const newJoiner = userOf('user:default/new.joiner', []);

/** What the catalog would hold: a recommended and an experimental template. */
const inventory: TemplateInventory = inventoryOf(
  [
    {
      apiVersion: 'scaffolder.backstage.io/v1beta3',
      kind: 'Template',
      metadata: { name: 'node-http-service', tags: ['recommended'] },
      spec: {
        owner: 'group:default/platform',
        type: 'service',
        parameters: [
          { properties: {} },
          {
            'backstage:permissions': { tags: ['platform-only'] },
            properties: {},
          },
        ],
        steps: [
          { action: 'pave:policy:check' },
          { action: 'publish:github' },
          { action: 'debug:log', 'backstage:permissions': { tags: ['audit'] } },
        ],
      },
    },
    {
      apiVersion: 'scaffolder.backstage.io/v1beta3',
      kind: 'Template',
      metadata: {
        name: 'rust-grpc',
        namespace: 'labs',
        tags: ['experimental'],
      },
      spec: { owner: 'group:default/platform', type: 'service', steps: [] },
    },
  ],
  1,
);

describe('PavePermissionPolicy', () => {
  let policy: PavePermissionPolicy;
  beforeAll(async () => {
    policy = new PavePermissionPolicy({
      platformGroup: 'group:default/platform',
      // The repository's policies, exactly as the backend loads them.
      engine: await PolicyEngine.create({
        directory: resolve(__dirname, '../../../policies'),
      }),
      templates: { inventory: async () => inventory },
    });
  });

  it('reads templates, their section tags and step actions from the catalog', () => {
    expect(inventory.templates.map(t => [t.ref, t.tags])).toEqual([
      ['template:default/node-http-service', ['recommended']],
      ['template:labs/rust-grpc', ['experimental']],
    ]);
    expect(inventory.sectionTags).toEqual(['audit', 'platform-only']);
    expect(inventory.actionIds).toEqual([
      'debug:log',
      'pave:policy:check',
      'publish:github',
    ]);
  });

  it.each([
    ['catalog.location.create', catalogLocationCreatePermission],
    ['catalog.location.delete', catalogLocationDeletePermission],
    ['scaffolder.template.management', templateManagementPermission],
    ['pave.policy.reload', policyReloadPermission],
    ['pave.audit.read.all', auditReadAllPermission],
    ['pave.upgrade.bulk', upgradeBulkPermission],
  ])('reserves %s for the platform team', async (_name, permission) => {
    await expect(
      policy.handle({ permission }, platformEngineer),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    await expect(
      policy.handle({ permission }, paymentsDeveloper),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });

  it('lets every team member start tasks, as Cedar decides, but not someone in no team', async () => {
    for (const user of [paymentsDeveloper, platformEngineer]) {
      await expect(
        policy.handle({ permission: taskCreatePermission }, user),
      ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    }
    await expect(
      policy.handle({ permission: taskCreatePermission }, newJoiner),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });

  it('hides the templates Cedar hides from a user, and only those', async () => {
    const decision = (await policy.handle(
      { permission: catalogEntityReadPermission },
      paymentsDeveloper,
    )) as ConditionalPolicyDecision;
    expect(decision.result).toBe(AuthorizeResult.CONDITIONAL);
    expect(decision.pluginId).toBe('catalog');
    const rule = (name: string, params: object) => ({
      rule: name,
      resourceType: 'catalog-entity',
      params,
    });
    expect(decision.conditions).toEqual({
      not: {
        anyOf: [
          {
            allOf: [
              rule('IS_ENTITY_KIND', { kinds: ['Template'] }),
              rule('HAS_METADATA', { key: 'namespace', value: 'labs' }),
              rule('HAS_METADATA', { key: 'name', value: 'rust-grpc' }),
            ],
          },
        ],
      },
    });
    await expect(
      policy.handle(
        { permission: catalogEntityReadPermission },
        platformEngineer,
      ),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('decides again when the catalog templates change', async () => {
    let current = inventory;
    const changing = new PavePermissionPolicy({
      platformGroup: 'group:default/platform',
      engine: await PolicyEngine.create({
        directory: resolve(__dirname, '../../../policies'),
      }),
      templates: { inventory: async () => current },
    });
    const read = () =>
      changing.handle(
        { permission: catalogEntityReadPermission },
        paymentsDeveloper,
      );
    expect((await read()).result).toBe(AuthorizeResult.CONDITIONAL);
    // Cached while nothing changes: the same decision object comes back.
    expect(await read()).toBe(await read());
    current = inventoryOf(
      [
        {
          apiVersion: 'scaffolder.backstage.io/v1beta3',
          kind: 'Template',
          metadata: { name: 'node-http-service', tags: ['recommended'] },
          spec: { owner: 'group:default/platform', steps: [] },
        },
      ],
      inventory.generation + 1,
    );
    await expect(read()).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it.each([
    ['scaffolder.template.parameter.read', templateParameterReadPermission],
    ['scaffolder.template.step.read', templateStepReadPermission],
  ])(
    '%s hides platform-only sections from other teams',
    async (_n, permission) => {
      const decision = (await policy.handle(
        { permission },
        paymentsDeveloper,
      )) as ConditionalPolicyDecision;
      expect(decision).toMatchObject({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'scaffolder',
        conditions: {
          not: {
            anyOf: [
              {
                rule: 'HAS_TAG',
                resourceType: 'scaffolder-template',
                params: { tag: 'platform-only' },
              },
            ],
          },
        },
      });
      await expect(
        policy.handle({ permission }, platformEngineer),
      ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    },
  );

  it('refuses debug actions to other teams, whichever template runs them', async () => {
    const decision = (await policy.handle(
      { permission: actionExecutePermission },
      paymentsDeveloper,
    )) as ConditionalPolicyDecision;
    expect(decision).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'scaffolder',
      conditions: {
        not: {
          anyOf: [
            {
              rule: 'HAS_ACTION_ID',
              resourceType: 'scaffolder-action',
              params: { actionId: 'debug:log' },
            },
          ],
        },
      },
    });
    await expect(
      policy.handle({ permission: actionExecutePermission }, platformEngineer),
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

  it('shows a team the audit trail of what it owns, the platform all of it', async () => {
    const decision = (await policy.handle(
      { permission: auditReadPermission },
      paymentsDeveloper,
    )) as ConditionalPolicyDecision;
    expect(decision).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'audit',
      resourceType: 'audit-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        params: { claims: paymentsDeveloper.info.ownershipEntityRefs },
      },
    });
    await expect(
      policy.handle({ permission: auditReadPermission }, platformEngineer),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it("lets a team deploy and destroy its own components' environments, the platform any", async () => {
    const decision = (await policy.handle(
      { permission: environmentManagePermission },
      paymentsDeveloper,
    )) as ConditionalPolicyDecision;
    expect(decision).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'environments',
      resourceType: 'environment-component',
      conditions: {
        rule: 'IS_COMPONENT_OWNER',
        params: { claims: paymentsDeveloper.info.ownershipEntityRefs },
      },
    });
    await expect(
      policy.handle(
        { permission: environmentManagePermission },
        platformEngineer,
      ),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it("lets a team upgrade its own components' templates, the platform any", async () => {
    const decision = (await policy.handle(
      { permission: upgradeCreatePermission },
      paymentsDeveloper,
    )) as ConditionalPolicyDecision;
    expect(decision).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'upgrades',
      resourceType: 'upgrade-component',
      conditions: {
        rule: 'IS_COMPONENT_OWNER',
        params: { claims: paymentsDeveloper.info.ownershipEntityRefs },
      },
    });
    await expect(
      policy.handle({ permission: upgradeCreatePermission }, platformEngineer),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
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
