import { goldenTemplatesServiceFactory } from '@pave/plugin-scaffolder-backend-module-pave';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { policyServiceRef } from '@pave/plugin-policy-node';
import { ChangeRequest } from '@pave/plugin-upgrades-common';
import upgradesPlugin from '@pave/plugin-upgrades-backend';
import {
  goldenComponent,
  goldenWorkspace,
} from '@pave/plugin-scaffolder-backend-module-pave/testUtils';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import {
  startPolicyAndCost,
  testPluginConfig,
} from './__testUtils__/pluginBackends';

/*
 * A template upgrade judged by the real policy plugin over the
 * repository's policies/: the upgrades plugin on its own backend reaches
 * the policy plugin through policyServiceRef's client, as in production.
 */

jest.setTimeout(120_000);

const TOM = 'user:default/tom.becker'; // payments: large classes in prod
const OLA = 'user:default/ola.nordmann'; // onboarding: not approved for them
const GROUPS: Record<string, string> = {
  [TOM]: 'group:default/payments',
  [OLA]: 'group:default/onboarding',
};

const nodeWorker: Entity = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'node-worker', namespace: 'default', tags: ['typescript'] },
  spec: { owner: 'group:default/platform', type: 'service', steps: [] },
};

describe('template upgrades, judged by the policy plugin', () => {
  let root: string;
  let server: any;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'pave-upgrade-policy-'));
    const workspace = await goldenWorkspace(root);
    await workspace.create('ledger-events', 'payments');
    // A large database in prod: its team is not approved for that class.
    await workspace.create('signup-events', 'onboarding', {
      costCenter: 'CC-2300',
      resources: [{ name: 'db', type: 'postgres', size: 'large' }],
    });
    await workspace.release110();
    const entities = [
      nodeWorker,
      goldenComponent('ledger-events', 'group:default/payments', '1.0.0'),
      goldenComponent('signup-events', 'group:default/onboarding', '1.0.0'),
    ];
    const { policy } = await startPolicyAndCost(entities);
    const backend = await startTestBackend({
      features: [
        upgradesPlugin,
        goldenTemplatesServiceFactory,
        createServiceFactory({
          service: policyServiceRef,
          deps: {},
          factory: () => policy,
        }),
        createServiceFactory({
          service: coreServices.userInfo,
          deps: {},
          factory: () => ({
            getUserInfo: async credentials => {
              const ref = (credentials.principal as { userEntityRef: string })
                .userEntityRef;
              return {
                userEntityRef: ref,
                ownershipEntityRefs: [ref, GROUPS[ref]],
              };
            },
          }),
        }),
        catalogServiceMock.factory({ entities }),
        mockServices.rootConfig.factory({
          data: {
            pave: {
              ...testPluginConfig.pave,
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
    await stop?.();
    await rm(root, { recursive: true, force: true });
  });

  const upgrade = (entityRef: string, user: string) =>
    request(server)
      .post('/api/upgrades/change-requests')
      .set('Authorization', mockCredentials.user.header(user))
      .send({ entityRef });

  it('records the verdict on the upgraded plans, by the policy set in force', async () => {
    const res = await upgrade('ledger-events', TOM);
    expect(res.status).toBe(201);
    const change: ChangeRequest = res.body;
    expect(change.status).toBe('clean');
    expect(change.policy).toMatchObject({
      decision: 'allow',
      violations: [],
      policySet: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
    });
  });

  it('judges the person who asks: a class their team is not approved for is a deny on the change request', async () => {
    const res = await upgrade('signup-events', OLA);
    expect(res.status).toBe(201);
    const change: ChangeRequest = res.body;
    expect(change.policy.decision).toBe('deny');
    expect(change.policy.violations).toEqual([
      expect.objectContaining({
        policyId: 'prod-large-needs-approved-team',
        resource: expect.stringMatching(/^prod\//),
        remediation: expect.stringContaining('Pick medium'),
      }),
    ]);
    // The branch stands: the team sees the verdict where it reviews.
    expect(change.branch).toBe('pave/upgrade-1.1.0');
  });
});
