import {
  BackstageCredentials,
  coreServices,
  createServiceFactory,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  isPermission,
} from '@backstage/plugin-permission-common';
import {
  environmentManagePermission,
  environmentReadPermission,
} from '@pave/plugin-environments-common';
import {
  createEnvironmentComponentConditionalDecision,
  environmentComponentConditions,
} from '@pave/plugin-environments-node';
import { CostService, costServiceRef } from '@pave/plugin-cost-node';
import {
  createTinyService,
  git,
} from '@pave/plugin-environments-node/testUtils';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { environmentsPlugin } from '../plugin';

const TOM = 'user:default/tom.becker'; // payments, owns orders
const JANE = 'user:default/jane.doe'; // search
const AMARA = 'user:default/amara.okafor'; // platform
// sre: a permission policy that lets them manage everything (a looser
// policy than Pave's); Cedar's guardrail still holds.
const GRACE = 'user:default/grace.hopper';
const GROUPS: Record<string, string[]> = {
  [TOM]: ['group:default/payments'],
  [JANE]: ['group:default/search'],
  [AMARA]: ['group:default/platform'],
  [GRACE]: ['group:default/sre'],
};

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'orders', namespace: 'default' },
    spec: { type: 'service', owner: 'payments', lifecycle: 'production' },
  },
  // Published in Pave's repository store (beforeAll).
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'checkout', namespace: 'default' },
    spec: { type: 'service', owner: 'payments', lifecycle: 'production' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: 'payments',
      namespace: 'default',
      annotations: {
        'pave.dev/cost-center': 'CC-2100',
        'pave.dev/preview-budget-usd': '40',
      },
    },
    spec: { type: 'team', children: [] },
  },
];

/** What the cost plugin was asked, and its answer: $45 a month. */
const estimates: unknown[] = [];
const costFactory = createServiceFactory({
  service: costServiceRef,
  deps: {},
  factory: (): CostService => ({
    estimate: async body => {
      estimates.push(body);
      return { monthlyUsd: 45 } as Awaited<ReturnType<CostService['estimate']>>;
    },
    recordEstimate: () => Promise.reject(new Error('not used')),
    getEntityCost: () => Promise.reject(new Error('not used')),
    getGroupCost: () => Promise.reject(new Error('not used')),
  }),
});

/** Pave's policy for these permissions: read for all, manage for owners and the platform. */
const permissionsFactory = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory(): PermissionsService {
    const claimsOf = (credentials: BackstageCredentials) => {
      const ref = (credentials.principal as { userEntityRef: string })
        .userEntityRef;
      return [ref, ...(GROUPS[ref] ?? [])];
    };
    const platform = (c: BackstageCredentials) =>
      claimsOf(c).includes('group:default/platform');
    return {
      async authorize(requests) {
        return requests.map(({ permission }) => ({
          result: isPermission(permission, environmentReadPermission)
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
        }));
      },
      async authorizeConditional(requests, { credentials }) {
        return requests.map(({ permission }) => {
          if (!isPermission(permission, environmentManagePermission)) {
            return { result: AuthorizeResult.DENY };
          }
          return platform(credentials) ||
            claimsOf(credentials).includes('group:default/sre')
            ? { result: AuthorizeResult.ALLOW }
            : createEnvironmentComponentConditionalDecision(
                environmentManagePermission,
                environmentComponentConditions.isComponentOwner({
                  claims: claimsOf(credentials),
                }),
              );
        }) as any;
      },
    };
  },
});

/** The catalog's answer to "who is this": the user and their groups. */
const userInfoFactory = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory(): UserInfoService {
    return {
      async getUserInfo(credentials) {
        const ref = (credentials.principal as { userEntityRef: string })
          .userEntityRef;
        return {
          userEntityRef: ref,
          ownershipEntityRefs: [ref, ...(GROUPS[ref] ?? [])],
        };
      },
    };
  },
});

describe('environments router', () => {
  let dir: string;
  let server: any;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'environments-router-'));
    const tiny = await createTinyService(dir, 'checkout');
    await mkdir(join(dir, 'repositories'), { recursive: true });
    git(
      dir,
      'clone',
      '--quiet',
      '--bare',
      tiny.repository,
      join(dir, 'repositories', 'checkout.git'),
    );
    const backend = await startTestBackend({
      features: [
        environmentsPlugin,
        permissionsFactory,
        userInfoFactory,
        catalogServiceMock.factory({ entities }),
        costFactory,
        mockServices.rootConfig.factory({
          data: {
            pave: {
              policy: { directory: resolve(__dirname, '../../../../policies') },
              repositories: { directory: join(dir, 'repositories') },
              environments: {
                local: {
                  environments: ['local'],
                  dataDirectory: join(dir, 'local'),
                  workDirectory: join(dir, 'work'),
                },
              },
            },
          },
        }),
      ],
    });
    server = backend.server;
    stop = () => backend.stop();
  });
  afterAll(async () => {
    await stop();
    await rm(dir, { recursive: true, force: true });
  });

  const as = (user: string) => mockCredentials.user.header(user);
  const deploy = (body: object, user = TOM) =>
    request(server)
      .post('/api/environments/deployments')
      .set('Authorization', as(user))
      .send(body);

  it('lists deployments to every signed-in user, and to nobody else', async () => {
    const res = await request(server)
      .get('/api/environments/deployments?entityRef=component:default/orders')
      .set('Authorization', as(JANE));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [] });
    const anonymous = await request(server)
      .get('/api/environments/deployments')
      .set('Authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);
  });

  it('says where services can run: the local environment and previews, with their lifetimes', async () => {
    const res = await request(server)
      .get('/api/environments/environments')
      .set('Authorization', as(JANE));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      items: [{ name: 'local', runtime: 'local' }],
      previews: { runtime: 'local', defaultTtlHours: 24, maxTtlHours: 168 },
    });
    const anonymous = await request(server)
      .get('/api/environments/environments')
      .set('Authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);
  });

  it("refuses another team's component with 403, before looking at anything else", async () => {
    const res = await deploy(
      { entityRef: 'component:default/orders', environment: 'local' },
      JANE,
    );
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'You may not deploy component:default/orders: its owners and the platform team may',
    );
  });

  it("holds Cedar's guardrail even where the permission policy allows", async () => {
    const res = await deploy(
      { entityRef: 'component:default/orders', environment: 'local' },
      GRACE,
    );
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(
      /^environment-owners-only: Only the component's owners and the platform team may deploy it/,
    );
  });

  it.each([
    [
      { entityRef: 'orders', environment: 'local' },
      400,
      /entityRef: must be a component entity ref/,
    ],
    [
      { entityRef: 'component:default/orders', environment: '../etc' },
      400,
      /environment: must be an environment name/,
    ],
    [
      {
        entityRef: 'component:default/orders',
        environment: 'local',
        commit: 'HEAD; rm -rf /',
      },
      400,
      /commit: must be a git commit id/,
    ],
    [
      { entityRef: 'component:default/orders', environment: 'local', extra: 1 },
      400,
      /Unrecognized key.*extra/,
    ],
    [
      {
        entityRef: 'component:default/orders',
        environment: 'local',
        branch: '--upload-pack=touch /tmp/x',
      },
      400,
      /branch: must be a branch name such as main/,
    ],
    [
      {
        entityRef: 'component:default/orders',
        environment: 'local',
        branch: 'main',
        commit: 'abcdef1',
      },
      400,
      /branch: give a commit or a branch, not both/,
    ],
    [
      { entityRef: 'component:default/ghost', environment: 'local' },
      404,
      /entityRef: no component component:default\/ghost/,
    ],
    [
      { entityRef: 'component:default/orders', environment: 'staging' },
      400,
      /environment: unknown environment "staging"; the local target serves local/,
    ],
    [
      { entityRef: 'component:default/orders', environment: 'local' },
      400,
      /has no repository in Pave's repository store/,
    ],
  ])('refuses %j with %i naming the field', async (body, status, message) => {
    const res = await deploy(body, AMARA);
    expect(res.status).toBe(status);
    expect(res.body.error.message).toMatch(message);
  });

  it("refuses a preview over its team's preview budget, naming the rule, before anything runs", async () => {
    const res = await deploy({
      entityRef: 'component:default/checkout',
      environment: 'preview-pr-9',
    });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(
      /^preview-budget: This preview's estimated monthly cost is more than what is left of the owning team's preview budget/,
    );
    // Priced as the preview, from the score.yaml at the commit.
    expect(estimates).toEqual([
      expect.objectContaining({
        environments: ['preview-pr-9'],
        ownership: { owner: 'group:default/payments', costCenter: 'CC-2100' },
        workload: expect.objectContaining({
          metadata: { name: 'checkout' },
        }),
      }),
    ]);
    const listed = await request(server)
      .get('/api/environments/deployments?entityRef=component:default/checkout')
      .set('Authorization', as(TOM));
    expect(listed.body.items).toEqual([]);
  });

  it('checks an extend before looking the deployment up', async () => {
    const bad = await request(server)
      .post(
        '/api/environments/deployments/00000000-0000-4000-8000-000000000000/extend',
      )
      .set('Authorization', as(TOM))
      .send({ hours: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/hours: must be at least 1 hour/);
    const unknown = await request(server)
      .post(
        '/api/environments/deployments/00000000-0000-4000-8000-000000000000/extend',
      )
      .set('Authorization', as(TOM))
      .send({ hours: 4 });
    expect(unknown.status).toBe(404);
  });

  it('answers 404 for an unknown deployment', async () => {
    const res = await request(server)
      .delete(
        '/api/environments/deployments/00000000-0000-4000-8000-000000000000',
      )
      .set('Authorization', as(TOM));
    expect(res.status).toBe(404);
  });
});
