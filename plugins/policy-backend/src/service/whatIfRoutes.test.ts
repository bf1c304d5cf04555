import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { testCatalogEntities } from '@pave/plugin-policy-node/testUtils';
import { testInfraConfig } from '@pave/plugin-infra-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  cp,
  mkdtemp,
  readFile,
  readdir,
  rm,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isPolicySetFile } from '@pave/plugin-policy-common';
import request from 'supertest';
import { policyPlugin } from '../plugin';

const POLICIES = resolve(__dirname, '../../../../policies');
const amara = 'user:default/amara.okafor';

/** A rule the shipped set does not have: no MySQL in production. */
const NO_PROD_MYSQL = `
@id("no-prod-mysql")
@message("Production runs PostgreSQL only.")
@enforcement("hard-mandatory")
@remediation("Change the resource's type to postgres.")
forbid (principal, action, resource is Pave::InfraResource)
when { resource.environmentType == "prod" && resource.resourceType == "mysql" };
`;

function resource(
  service: string,
  env: string,
  type: string,
  workload: string,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: `${service}-${workload}-${env}`,
      namespace: 'default',
      annotations: {
        'pave.dev/environment': env,
        'pave.dev/resource-type': type,
        'pave.dev/workload-resource': workload,
      },
    },
    spec: { type: 'database', owner: 'group:default/payments' },
  };
}
function component(name: string, resources: Entity[]): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: {
      type: 'service',
      owner: 'group:default/payments',
      system: 'payments-platform',
      lifecycle: 'production',
    },
    relations: resources.map(r => ({
      type: 'dependsOn',
      targetRef: `resource:default/${r.metadata.name}`,
    })),
  };
}

// Seeded: ledger and reports run MySQL in prod (the draft's new rule
// denies exactly those two), reports also in dev (not denied); orders runs
// PostgreSQL only.
const ledgerProd = resource('ledger', 'prod', 'mysql', 'db');
const reportsProd = resource('reports', 'prod', 'mysql', 'db');
const reportsDev = resource('reports', 'dev', 'mysql', 'db');
const ordersProd = resource('orders', 'prod', 'postgres', 'db');
const estate = [
  ledgerProd,
  reportsProd,
  reportsDev,
  ordersProd,
  component('ledger', [ledgerProd]),
  component('reports', [reportsProd, reportsDev]),
  component('orders', [ordersProd]),
];

/** Every file of a policy directory, as the CLI uploads it. */
async function filesOf(directory: string) {
  const names = (await readdir(directory, { recursive: true })).filter(
    isPolicySetFile,
  );
  return Promise.all(
    names.map(async path => ({
      path,
      content: await readFile(join(directory, path), 'utf8'),
    })),
  );
}

describe('POST /what-if', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'pave-policies-'));
    await cp(POLICIES, directory, { recursive: true });
  });
  afterEach(() => rm(directory, { recursive: true, force: true }));

  async function start(
    options: {
      requireWhatIf?: boolean;
      result?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
    } = {},
  ) {
    const { server } = await startTestBackend({
      features: [
        policyPlugin,
        catalogServiceMock.factory({
          entities: [...testCatalogEntities, ...estate],
        }),
        mockServices.rootConfig.factory({
          data: {
            pave: {
              policy: {
                directory,
                reload: { requireWhatIf: options.requireWhatIf ?? false },
              },
              infra: testInfraConfig,
            },
          },
        }),
        mockServices.permissions.factory({
          result: options.result ?? AuthorizeResult.ALLOW,
        }),
      ],
    });
    return server;
  }
  const as = mockCredentials.user.header(amara);

  it('reports exactly the seeded entities a draft with a new rule would deny', async () => {
    const server = await start();
    const files = [
      ...(await filesOf(directory)),
      { path: 'drafts/mysql.cedar', content: NO_PROD_MYSQL },
    ];
    const res = await request(server)
      .post('/api/policy/what-if')
      .set('Authorization', as)
      .send({ files });
    expect(res.status).toBe(200);
    expect(res.body.judged).toEqual({
      components: 3,
      environments: 4,
      templates: 3,
    });
    expect(res.body.draftPolicySet).not.toBe(res.body.currentPolicySet);
    expect(res.body.rules).toEqual([
      {
        policyId: 'no-prod-mysql',
        enforcement: 'hard-mandatory',
        status: 'added',
        newlyDenied: 2,
        newlyAllowed: 0,
        newlyWarned: 0,
        noLongerWarned: 0,
        findings: [
          expect.objectContaining({
            change: 'deny',
            entityRef: 'component:default/ledger',
            environment: 'prod',
            message: 'Production runs PostgreSQL only.',
          }),
          expect.objectContaining({
            change: 'deny',
            entityRef: 'component:default/reports',
            environment: 'prod',
          }),
        ],
      },
    ]);
  });

  it('refuses a malformed draft with file:line and keeps the set in force', async () => {
    const server = await start();
    const before = await request(server)
      .get('/api/policy/policies')
      .set('Authorization', as);
    const files = [
      ...(await filesOf(directory)),
      {
        path: 'broken.cedar',
        content: '\n\nforbid (principal, action, resource) when {',
      },
    ];
    const res = await request(server)
      .post('/api/policy/what-if')
      .set('Authorization', as)
      .send({ files });
    expect(res.status).toBe(422);
    expect(res.body.loaded).toBe(false);
    expect(res.body.errors[0]).toMatch(/^broken\.cedar:3:\d+: /);
    const after = await request(server)
      .get('/api/policy/policies')
      .set('Authorization', as);
    expect(after.body).toEqual(before.body);
  });

  it('refuses paths that would leave the draft, and non-policy files', async () => {
    const server = await start();
    for (const path of [
      '../evil.cedar',
      '/etc/x.cedar',
      '.hidden.cedar',
      'notes.txt',
    ]) {
      const res = await request(server)
        .post('/api/policy/what-if')
        .set('Authorization', as)
        .send({ files: [{ path, content: '' }] });
      expect([path, res.status]).toEqual([path, 400]);
      expect(res.body.error.message).toMatch(
        /^Invalid what-if: files\.0\.path: /,
      );
    }
  });

  it('is for the platform team only', async () => {
    const server = await start({ result: AuthorizeResult.DENY });
    const res = await request(server)
      .post('/api/policy/what-if')
      .set('Authorization', as)
      .send({ files: await filesOf(directory) });
    expect(res.status).toBe(403);
  });

  it('lets a reload that requires it through only after a what-if on the same content', async () => {
    const server = await start({ requireWhatIf: true });
    await writeFile(join(directory, 'mysql.cedar'), NO_PROD_MYSQL);
    const refused = await request(server)
      .post('/api/policy/reload')
      .set('Authorization', as);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(
      /^No what-if ran on the policy set on disk \([0-9a-f]{12}\); run `pave policy what-if/,
    );

    const whatIf = await request(server)
      .post('/api/policy/what-if')
      .set('Authorization', as)
      .send({ files: await filesOf(directory) });
    expect(whatIf.status).toBe(200);
    const loaded = await request(server)
      .post('/api/policy/reload')
      .set('Authorization', as);
    expect(loaded.status).toBe(200);
    expect(loaded.body.policySet).toBe(whatIf.body.draftPolicySet);

    // Any change after the what-if needs another one.
    await writeFile(
      join(directory, 'mysql.cedar'),
      `${NO_PROD_MYSQL}\n// edited\n`,
    );
    expect(
      (
        await request(server)
          .post('/api/policy/reload')
          .set('Authorization', as)
      ).status,
    ).toBe(409);
  });
});
