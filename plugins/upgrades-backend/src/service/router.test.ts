import { goldenTemplatesServiceFactory } from '@pave/plugin-scaffolder-backend-module-pave';
import {
  AuditorService,
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
import { testInfraConfig } from '@pave/plugin-infra-node/testUtils';
import { PolicyService, policyServiceRef } from '@pave/plugin-policy-node';
import {
  BulkUpgrade,
  upgradeBulkPermission,
  upgradeCreatePermission,
  upgradeReadPermission,
} from '@pave/plugin-upgrades-common';
import {
  createUpgradeComponentConditionalDecision,
  upgradeComponentConditions,
} from '@pave/plugin-upgrades-node';
import { execFile } from 'node:child_process';
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import {
  TEAM_GIT_ENV,
  goldenComponent,
  goldenWorkspace,
} from '@pave/plugin-scaffolder-backend-module-pave/testUtils';
import { upgradesPlugin } from '../plugin';

jest.setTimeout(120_000);

const exec = promisify(execFile);

const TOM = 'user:default/tom.becker'; // payments
const JANE = 'user:default/jane.doe'; // search
const AMARA = 'user:default/amara.okafor'; // platform
const GROUPS: Record<string, string[]> = {
  [TOM]: ['group:default/payments'],
  [JANE]: ['group:default/search'],
  [AMARA]: ['group:default/platform'],
};

const entities: Entity[] = [
  goldenComponent('ledger-events', 'payments', '1.0.0'),
  goldenComponent('card-events', 'payments', '1.0.0'),
  goldenComponent('search-jobs', 'search', '1.0.0'),
  // In the catalog with its template's annotations, not in Pave's store.
  goldenComponent('orders', 'payments', '1.0.0'),
  // Already at the new version: not part of a bulk run.
  goldenComponent('fresh-jobs', 'payments', '1.1.0'),
  // A repository in the store that no template rendered.
  goldenComponent('legacy', 'payments', undefined),
  // Search's catalog file naming a component after payments' repository.
  goldenComponent('card-events', 'search', undefined, {
    namespace: 'search',
    repository: 'search-jobs',
  }),
];

/** Pave's policy for these permissions: read for all, one for owners, bulk for the platform. */
const permissionsFactory = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory(): PermissionsService {
    const claimsOf = (credentials: BackstageCredentials) => {
      const ref = (credentials.principal as { userEntityRef?: string })
        .userEntityRef;
      return ref ? [ref, ...(GROUPS[ref] ?? [])] : [];
    };
    const platform = (c: BackstageCredentials) =>
      claimsOf(c).includes('group:default/platform');
    return {
      async authorize(requests, { credentials }) {
        return requests.map(({ permission }) => {
          if (isPermission(permission, upgradeReadPermission)) {
            return { result: AuthorizeResult.ALLOW };
          }
          if (isPermission(permission, upgradeBulkPermission)) {
            return {
              result:
                platform(credentials) || !claimsOf(credentials).length
                  ? AuthorizeResult.ALLOW
                  : AuthorizeResult.DENY,
            };
          }
          return { result: AuthorizeResult.DENY };
        });
      },
      async authorizeConditional(requests, { credentials }) {
        return requests.map(({ permission }) => {
          if (!isPermission(permission, upgradeCreatePermission)) {
            return { result: AuthorizeResult.DENY };
          }
          // A service token: the framework allows it (its access
          // restrictions), so the route's own rule must refuse it.
          if (platform(credentials) || !claimsOf(credentials).length) {
            return { result: AuthorizeResult.ALLOW };
          }
          return createUpgradeComponentConditionalDecision(
            upgradeCreatePermission,
            upgradeComponentConditions.isComponentOwner({
              claims: claimsOf(credentials),
            }),
          );
        }) as any;
      },
    };
  },
});

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

/** What the policy plugin was asked, and its verdict: a deny on prod's queue. */
const checks: Array<Record<string, unknown>> = [];
const policyFactory = createServiceFactory({
  service: policyServiceRef,
  deps: {},
  factory: (): PolicyService => ({
    templateCheck: async body => {
      checks.push(body as Record<string, unknown>);
      if ((body as { name: string }).name === 'card-events') {
        throw new Error('policy plugin unavailable');
      }
      return {
        decision: 'deny',
        violations: [
          {
            policyId: 'queue-dead-letter',
            message: 'Queues in prod need a dead-letter queue',
            remediation: 'Set deadLetterQueue: true on the queue',
            severity: 'high',
            enforcement: 'soft-mandatory',
            resource: 'prod/aws_sqs_queue.jobs',
            resourceIndex: 1,
          },
        ],
        warnings: [],
        errors: [],
        evaluatedPolicies: 12,
        policySet: `sha256:${'a'.repeat(64)}`,
        template: { ref: 'template:default/node-worker', tags: [] },
        plans: [],
      } as unknown as Awaited<ReturnType<PolicyService['templateCheck']>>;
    },
    evaluate: () => Promise.reject(new Error('not used')),
    compliance: () => Promise.reject(new Error('not used')),
  }),
});

/** Every audit event and how it ended. */
const audits: Array<{
  eventId: string;
  meta?: Record<string, unknown>;
  outcome?: 'success' | 'fail';
  result?: Record<string, unknown>;
}> = [];
const auditorFactory = createServiceFactory({
  service: coreServices.auditor,
  deps: {},
  factory: (): AuditorService => ({
    createEvent: async options => {
      const event: (typeof audits)[0] = {
        eventId: options.eventId,
        meta: options.meta as Record<string, unknown>,
      };
      audits.push(event);
      return {
        success: async o => {
          event.outcome = 'success';
          event.result = o?.meta as Record<string, unknown>;
        },
        fail: async () => {
          event.outcome = 'fail';
        },
      };
    },
  }),
});

describe('upgrades router', () => {
  let root: string;
  let server: any;
  let stop: () => Promise<void>;
  let workspace: Awaited<ReturnType<typeof goldenWorkspace>>;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'upgrades-router-'));
    workspace = await goldenWorkspace(root);
    for (const [name, owner] of [
      ['ledger-events', 'payments'],
      ['card-events', 'payments'],
      ['search-jobs', 'search'],
    ]) {
      await workspace.create(name, owner);
    }
    await workspace.createUnrecorded('legacy');
    // The team's own line where the release adds one: a conflict.
    await workspace.teamCommit('ledger-events', 'Disclosure contact', dir =>
      appendFile(
        join(dir, 'SECURITY.md'),
        '\nReport issues to security@meridian.example.\n',
      ),
    );
    await workspace.release110();

    const backend = await startTestBackend({
      features: [
        upgradesPlugin,
        goldenTemplatesServiceFactory,
        permissionsFactory,
        userInfoFactory,
        policyFactory,
        auditorFactory,
        catalogServiceMock.factory({ entities }),
        mockServices.rootConfig.factory({
          data: {
            pave: {
              infra: testInfraConfig,
              repositories: { directory: join(root, 'repositories') },
              upgrades: { templatesDirectory: workspace.templates },
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
    await rm(root, { recursive: true, force: true });
  });

  const as = (user: string) => mockCredentials.user.header(user);
  const upgrade = (body: object, user = TOM) =>
    request(server)
      .post('/api/upgrades/change-requests')
      .set('Authorization', as(user))
      .send(body);

  it("says a component's template, its version and that it is behind; to signed-in users only", async () => {
    const res = await request(server)
      .get('/api/upgrades/status?entityRef=ledger-events')
      .set('Authorization', as(JANE));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      entityRef: 'component:default/ledger-events',
      template: 'template:default/node-worker',
      version: '1.0.0',
      latestVersion: '1.1.0',
      behind: true,
      changeRequests: [],
    });
    const legacy = await request(server)
      .get('/api/upgrades/status?entityRef=component:default/legacy')
      .set('Authorization', as(JANE));
    expect(legacy.body).toMatchObject({ behind: false });
    expect(legacy.body.reason).toMatch(/has no \.pave\/template\.yaml on main/);
    const anonymous = await request(server)
      .get('/api/upgrades/status?entityRef=ledger-events')
      .set('Authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);
  });

  it.each([
    [
      'an unknown component',
      { entityRef: 'component:default/nope' },
      404,
      'entityRef: no component component:default/nope in the catalog',
    ],
    [
      'a version the template is not at',
      { entityRef: 'ledger-events', toVersion: '2.0.0' },
      400,
      'toVersion: template:default/node-worker is at 1.1.0; 2.0.0 is not a version it can render (only its current one)',
    ],
    [
      'a downgrade',
      { entityRef: 'ledger-events', toVersion: '0.9.0' },
      409,
      'component:default/ledger-events is at template:default/node-worker 1.0.0; 0.9.0 is not newer (a downgrade or the same version)',
    ],
    [
      'the same version',
      { entityRef: 'ledger-events', toVersion: '1.0.0' },
      409,
      '1.0.0 is not newer',
    ],
    [
      'a malformed version',
      { entityRef: 'ledger-events', toVersion: '1.1' },
      400,
      'toVersion: must be a version such as 1.2.0',
    ],
    [
      'a component outside the store',
      { entityRef: 'orders' },
      409,
      "component:default/orders has no repository in Pave's repository store",
    ],
    [
      'a repository without a record',
      { entityRef: 'legacy' },
      409,
      'legacy has no .pave/template.yaml on main',
    ],
    [
      "a component claiming another's repository by its name",
      { entityRef: 'component:search/card-events' },
      409,
      "component:search/card-events was not registered from Pave's repository card-events (it is managed by url:https://git.pave.localhost/search-jobs/blob/main/catalog-info.yaml), so that repository is not its to upgrade",
    ],
    [
      'something that is not a component',
      { entityRef: 'group:default/payments' },
      400,
      'entityRef: group:default/payments is not a component',
    ],
    [
      'an unknown field',
      { entityRef: 'ledger-events', force: true },
      400,
      'force',
    ],
  ])(
    'refuses %s, naming why, and writes nothing',
    async (_, body, status, message) => {
      const stored = ['ledger-events', 'card-events', 'search-jobs', 'legacy'];
      const before = await Promise.all(stored.map(r => workspace.refs(r)));
      const res = await upgrade(body, AMARA);
      expect(res.status).toBe(status);
      expect(res.body.error.message).toContain(message);
      expect(await Promise.all(stored.map(r => workspace.refs(r)))).toEqual(
        before,
      );
      const listed = await request(server)
        .get('/api/upgrades/change-requests')
        .set('Authorization', as(TOM));
      expect(listed.body.items).toEqual([]);
    },
  );

  it("refuses another team's component (403) and a service token (a change request says who asked)", async () => {
    const before = await workspace.refs('ledger-events');
    const jane = await upgrade({ entityRef: 'ledger-events' }, JANE);
    expect(jane.status).toBe(403);
    expect(jane.body.error.message).toBe(
      'You may not upgrade component:default/ledger-events: its owners and the platform team may',
    );
    const service = await request(server)
      .post('/api/upgrades/change-requests')
      .set('Authorization', mockCredentials.service.header())
      .send({ entityRef: 'ledger-events' });
    expect(service.status).toBe(403);
    expect(service.body.error.message).toMatch(/opened by people/);
    expect(await workspace.refs('ledger-events')).toBe(before);
  });

  it('opens a change request: the merge on a branch, its conflicts, the policy verdict, an audit event', async () => {
    const mainBefore = (await workspace.refs('ledger-events'))
      .split('\n')
      .find(line => line.startsWith('refs/heads/main '));
    checks.length = 0;
    audits.length = 0;
    const res = await upgrade({ entityRef: 'component:default/ledger-events' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      entityRef: 'component:default/ledger-events',
      repository: 'ledger-events',
      template: 'template:default/node-worker',
      fromVersion: '1.0.0',
      toVersion: '1.1.0',
      branch: 'pave/upgrade-1.1.0',
      status: 'conflicted',
      conflicts: [{ path: 'SECURITY.md', kind: 'content' }],
      createdBy: TOM,
      policy: {
        decision: 'deny',
        violations: [
          {
            policyId: 'queue-dead-letter',
            message: 'Queues in prod need a dead-letter queue',
            resource: 'prod/aws_sqs_queue.jobs',
            remediation: 'Set deadLetterQueue: true on the queue',
          },
        ],
        warnings: 0,
        policySet: `sha256:${'a'.repeat(64)}`,
      },
    });
    expect(res.body.files).toEqual(
      expect.arrayContaining([
        { path: '.pave/template.yaml', change: 'modified' },
        { path: 'SECURITY.md', change: 'modified' },
      ]),
    );
    // Main did not move.
    expect(
      (await workspace.refs('ledger-events'))
        .split('\n')
        .find(line => line.startsWith('refs/heads/main ')),
    ).toBe(mainBefore);
    expect(res.body.mainCommit).toBe(mainBefore!.split(' ')[1]);

    // The plans judged: the recorded answers, as a change to the service,
    // as the person who asked.
    expect(checks).toEqual([
      {
        principal: { userEntityRef: TOM, groups: ['group:default/payments'] },
        template: 'template:default/node-worker',
        existing: true,
        name: 'ledger-events',
        owner: 'group:default/payments',
        system: 'payments-platform',
        costCenter: 'CC-2100',
        dataClassification: 'internal',
        resources: [{ name: 'jobs', type: 'queue', size: 'small' }],
        environments: ['dev', 'prod'],
      },
    ]);
    expect(audits).toEqual([
      {
        eventId: 'template-upgrade',
        meta: { entityRef: 'component:default/ledger-events' },
        outcome: 'success',
        result: expect.objectContaining({
          changeRequestId: res.body.id,
          status: 'conflicted',
          conflicts: 1,
          policy: 'deny',
        }),
      },
    ]);

    const status = await request(server)
      .get('/api/upgrades/status?entityRef=ledger-events')
      .set('Authorization', as(JANE));
    expect(status.body.changeRequests).toEqual([res.body]);

    const diff = await request(server)
      .get(`/api/upgrades/change-requests/${res.body.id}/diff`)
      .set('Authorization', as(JANE));
    expect(diff.status).toBe(200);
    expect(diff.body.truncated).toBe(false);
    expect(diff.body.diff).toContain('+<<<<<<< HEAD');
    expect(diff.body.diff).toContain('Dependencies are audited');

    // The same upgrade again: the branch is there to review first.
    const again = await upgrade({ entityRef: 'ledger-events' });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe(
      'ledger-events already has pave/upgrade-1.1.0: review or delete that change request first',
    );
    expect(audits.map(a => a.outcome)).toEqual(['success', 'fail']);
  });

  it("lists a template's services per version, newest first", async () => {
    const res = await request(server)
      .get('/api/upgrades/templates?template=node-worker')
      .set('Authorization', as(JANE));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      template: 'template:default/node-worker',
      latestVersion: '1.1.0',
      versions: [
        {
          version: '1.1.0',
          behind: false,
          services: [
            { entityRef: 'component:default/fresh-jobs', owner: 'payments' },
          ],
        },
        {
          version: '1.0.0',
          behind: true,
          services: [
            'card-events',
            'ledger-events',
            'orders',
            'search-jobs',
          ].map(name => ({
            entityRef: `component:default/${name}`,
            owner: name === 'search-jobs' ? 'search' : 'payments',
          })),
        },
      ],
    });
    const unknown = await request(server)
      .get('/api/upgrades/templates?template=node-cobol')
      .set('Authorization', as(JANE));
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe(
      'template: template:default/node-cobol is not one of the golden templates this backend renders',
    );
  });

  it('refuses a bulk upgrade to anyone but the platform team, and bad selections before starting', async () => {
    const bulk = (body: object, user = AMARA) =>
      request(server)
        .post('/api/upgrades/bulk')
        .set('Authorization', as(user))
        .send(body);
    const tom = await bulk({ template: 'node-worker' }, TOM);
    expect(tom.status).toBe(403);
    const stranger = await bulk({
      template: 'node-worker',
      entityRefs: ['card-events', 'legacy'],
    });
    expect(stranger.status).toBe(400);
    expect(stranger.body.error.message).toBe(
      'entityRefs: component:default/legacy is not a component of template:default/node-worker in the catalog',
    );
    const version = await bulk({ template: 'node-worker', toVersion: '1.2.0' });
    expect(version.status).toBe(400);
    // A valid run asked by a service token: nobody to name as its author.
    const service = await request(server)
      .post('/api/upgrades/bulk')
      .set('Authorization', mockCredentials.service.header())
      .send({ template: 'node-worker' });
    expect(service.status).toBe(403);
    expect(service.body.error.message).toMatch(/opened by people/);
    const runs = await request(server)
      .get('/api/upgrades/bulk')
      .set('Authorization', as(AMARA));
    expect(runs.body.items).toEqual([]);
  });

  it('upgrades every service of a template that is behind, with a report and an audit event each', async () => {
    audits.length = 0;
    const started = await request(server)
      .post('/api/upgrades/bulk')
      .set('Authorization', as(AMARA))
      .send({ template: 'template:default/node-worker' });
    expect(started.status).toBe(202);
    // One run per template at a time.
    const second = await request(server)
      .post('/api/upgrades/bulk')
      .set('Authorization', as(AMARA))
      .send({ template: 'node-worker' });
    expect(second.status).toBe(409);
    expect(second.body.error.message).toBe(
      `template: a bulk upgrade of template:default/node-worker is running (${started.body.id}, started by ${AMARA} at ${started.body.createdAt}); follow it with GET /api/upgrades/bulk/${started.body.id}`,
    );
    expect(
      started.body.items.map((i: { entityRef: string }) => i.entityRef),
    ).toEqual([
      // Not ledger-events: its upgrade to 1.1.0 waits for review.
      'component:default/card-events',
      'component:default/orders',
      'component:default/search-jobs',
    ]);
    let run: BulkUpgrade = started.body;
    for (let i = 0; i < 600 && run.state !== 'done'; i++) {
      await new Promise(r => setTimeout(r, 100));
      run = (
        await request(server)
          .get(`/api/upgrades/bulk/${started.body.id}`)
          .set('Authorization', as(JANE))
      ).body;
    }
    expect(run.state).toBe('done');
    expect(run.counts).toEqual({
      pending: 0,
      clean: 2,
      conflicted: 0,
      failed: 1,
    });
    const byService = Object.fromEntries(
      run.items.map(item => [item.entityRef.split('/')[1], item]),
    );
    // The policy plugin failed for card-events: the branch stands, unchecked.
    expect(byService['card-events']).toMatchObject({
      status: 'clean',
      policy: 'not-checked',
    });
    expect(byService['search-jobs']).toMatchObject({
      status: 'clean',
      policy: 'deny',
    });
    expect(byService.orders.error).toMatch(/has no repository/);
    expect(audits.map(a => [a.meta?.entityRef, a.outcome])).toEqual([
      ['component:default/card-events', 'success'],
      ['component:default/orders', 'fail'],
      ['component:default/search-jobs', 'success'],
    ]);
    const requests = await request(server)
      .get(`/api/upgrades/change-requests?bulkId=${run.id}`)
      .set('Authorization', as(JANE));
    expect(
      requests.body.items.map((r: { entityRef: string }) => r.entityRef).sort(),
    ).toEqual([
      'component:default/card-events',
      'component:default/search-jobs',
    ]);
    const card = requests.body.items.find((r: { entityRef: string }) =>
      r.entityRef.endsWith('card-events'),
    );
    expect(card.policy).toEqual({
      decision: 'not-checked',
      violations: [],
      warnings: 0,
      error: 'policy plugin unavailable',
    });
    const list = await request(server)
      .get('/api/upgrades/bulk')
      .set('Authorization', as(JANE));
    expect(list.body.items).toEqual([
      expect.objectContaining({
        id: run.id,
        state: 'done',
        counts: { pending: 0, clean: 2, conflicted: 0, failed: 1 },
      }),
    ]);
  });

  it('follows a change request in its repository: merged by the team, or closed by deleting its branch', async () => {
    const statusOf = async (name: string) =>
      (
        await request(server)
          .get(`/api/upgrades/status?entityRef=${name}`)
          .set('Authorization', as(TOM))
      ).body;
    const card = await statusOf('card-events');
    expect(card.changeRequests[0]).toMatchObject({ state: 'open' });
    // The team merges the clean upgrade (a fast-forward of main).
    const git = (name: string, ...args: string[]) =>
      exec('git', ['--git-dir', workspace.store.pathOf(name), ...args], {
        env: TEAM_GIT_ENV,
      });
    await git(
      'card-events',
      'update-ref',
      'refs/heads/main',
      card.changeRequests[0].commit,
    );
    const merged = await statusOf('card-events');
    expect(merged).toMatchObject({
      version: '1.1.0',
      latestVersion: '1.1.0',
      behind: false,
    });
    expect(merged.changeRequests[0].state).toBe('merged');

    // Another team deletes the branch unmerged: closed, and it may upgrade again.
    await git('search-jobs', 'branch', '-D', 'pave/upgrade-1.1.0');
    const search = await statusOf('search-jobs');
    expect(search).toMatchObject({ behind: true });
    expect(search.changeRequests[0].state).toBe('closed');
    const one = await request(server)
      .get(`/api/upgrades/change-requests/${search.changeRequests[0].id}`)
      .set('Authorization', as(TOM));
    expect(one.body.state).toBe('closed');
    const again = await upgrade({ entityRef: 'search-jobs' }, AMARA);
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({
      state: 'open',
      status: 'clean',
      fromVersion: '1.0.0',
    });
    // The branch was cut again: the earlier request stays closed.
    const [newest, earlier] = (await statusOf('search-jobs')).changeRequests;
    expect([newest.id, newest.state]).toEqual([again.body.id, 'open']);
    expect([earlier.id, earlier.state]).toEqual([
      search.changeRequests[0].id,
      'closed',
    ]);
  });
});
