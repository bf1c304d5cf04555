import {
  BackstageUserPrincipal,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import auditPlugin from '@pave/plugin-audit-backend';
import costPlugin from '@pave/plugin-cost-backend';
import {
  PavePermissionPolicy,
  inventoryOf,
} from '@pave/plugin-permission-backend-module-pave-policy';
import policyPlugin from '@pave/plugin-policy-backend';
import { PolicyEngine } from '@pave/plugin-policy-node';
import { testCatalogEntities } from '@pave/plugin-policy-node/testUtils';
import request from 'supertest';
import { testPluginConfig } from './__testUtils__/pluginBackends';

/*
 * Who owns an entity is one rule (entityOwners of @pave/common), so the
 * audit, cost and policy plugins agree on a component two teams own: each
 * owning team may read its audit trail, its cost lists both owners and the
 * payments budget, and its compliance is judged as a member of both.
 */

const ledger: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'ledger', namespace: 'default' },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/payments',
    system: 'payments-platform',
  },
  // The catalog relates spec.owner, and a processor added the risk team.
  relations: [
    { type: 'ownedBy', targetRef: 'group:default/risk' },
    { type: 'ownedBy', targetRef: 'group:default/payments' },
  ],
};

const MEMBERSHIPS: Record<string, string[]> = {
  'user:default/tom.becker': ['group:default/payments'],
  'user:default/rita.risk': ['group:default/risk'],
  'user:default/gary.growth': ['group:default/growth'],
};

/** Decisions by Pave's real permission policy, for users of the table above. */
async function pavePermissions() {
  const policy = new PavePermissionPolicy({
    platformGroup: 'group:default/platform',
    engine: await PolicyEngine.create({
      directory: testPluginConfig.pave.policy.directory,
    }),
    templates: { inventory: async () => inventoryOf([], 1) },
  });
  const decide = (
    permission: any,
    credentials: any,
  ): Promise<PolicyDecision> => {
    const principal = credentials.principal as BackstageUserPrincipal;
    if (principal.type !== 'user') {
      return Promise.resolve({ result: AuthorizeResult.ALLOW });
    }
    const ref = principal.userEntityRef;
    return policy.handle({ permission }, {
      identity: { type: 'user', userEntityRef: ref, ownershipEntityRefs: [] },
      info: {
        userEntityRef: ref,
        ownershipEntityRefs: [ref, ...(MEMBERSHIPS[ref] ?? [])],
      },
      token: 'unused',
      credentials,
    } as any);
  };
  return createServiceFactory({
    service: coreServices.permissions,
    deps: {},
    factory: () => ({
      authorize: async (requests: any[], { credentials }: any) =>
        Promise.all(
          requests.map(async r => {
            const decision = await decide(r.permission, credentials);
            // A basic check cannot be conditional: only ALLOW passes.
            return {
              result:
                decision.result === AuthorizeResult.ALLOW
                  ? AuthorizeResult.ALLOW
                  : AuthorizeResult.DENY,
            };
          }),
        ),
      authorizeConditional: async (requests: any[], { credentials }: any) =>
        Promise.all(requests.map(r => decide(r.permission, credentials))),
    }),
  });
}

describe('one ownership rule', () => {
  let server: any;
  const spool = createMockDirectory();

  beforeAll(async () => {
    ({ server } = await startTestBackend({
      features: [
        auditPlugin,
        costPlugin,
        policyPlugin,
        await pavePermissions(),
        catalogServiceMock.factory({
          entities: [...testCatalogEntities, ledger],
        }),
        mockServices.rootConfig.factory({
          data: {
            ...testPluginConfig,
            pave: {
              ...testPluginConfig.pave,
              audit: { spoolDirectory: spool.path },
            },
          },
        }),
      ],
    }));
  });

  const as = (user: string) => mockCredentials.user.header(user);

  it('lets each owning team, and no other, read the audit trail', async () => {
    const trail = (user: string) =>
      request(server)
        .get('/api/audit/events')
        .query({ entityRef: 'component:default/ledger' })
        .set('Authorization', as(user));
    expect((await trail('user:default/tom.becker')).status).toBe(200);
    expect((await trail('user:default/rita.risk')).status).toBe(200);
    const outsider = await trail('user:default/gary.growth');
    expect(outsider.status).toBe(403);
  });

  it('names both owners in the cost, and counts it against the accountable one', async () => {
    const res = await request(server)
      .get(
        `/api/cost/entities/${encodeURIComponent('component:default/ledger')}`,
      )
      .set('Authorization', as('user:default/rita.risk'));
    expect(res.status).toBe(200);
    expect(res.body.owners).toEqual([
      'group:default/payments',
      'group:default/risk',
    ]);
    expect(res.body.owner).toBe('group:default/payments');
    expect(res.body.budget.groupRef).toBe('group:default/payments');
  });

  it('judges compliance as a member of both owning teams', async () => {
    const res = await request(server)
      .get('/api/policy/compliance/component/default/ledger')
      .set('Authorization', as('user:default/rita.risk'));
    expect(res.status).toBe(200);
    expect(res.body.owners).toEqual([
      'group:default/payments',
      'group:default/risk',
    ]);
    expect(res.body.service.decision).toBe('allow');
  });
});
