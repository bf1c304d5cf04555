import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { testCatalogEntities } from '@pave/plugin-policy-node/testUtils';
import { testInfraConfig } from '@pave/plugin-infra-node/testUtils';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { policyPlugin } from '../plugin';

/**
 * Two soft-mandatory rules: one on large production databases (an
 * environment's rule), one on the service; and a hard-mandatory one.
 */
const SOFT_RULES = `
@id("prod-db-encrypted-at-rest")
@message("Production databases must be encrypted at rest.")
@enforcement("hard-mandatory")
forbid (principal, action, resource is Pave::InfraResource)
when { resource.environmentType == "prod" && resource.role == "database" && !resource.encryptedAtRest };

@id("prod-large-db-review")
@message("Large production databases need an architecture review.")
@enforcement("soft-mandatory")
@remediation("Book an architecture review, or use the medium class.")
forbid (principal, action, resource is Pave::InfraResource)
when { resource.environmentType == "prod" && resource.role == "database" && resource.sizeClass == "large" };

@id("orders-name-review")
@message("Services named orders need a naming review.")
@enforcement("soft-mandatory")
forbid (principal, action, resource is Pave::Service)
when { resource.name == "orders" };
`;

const POLICIES = resolve(__dirname, '../../../../policies');
const PACK = [
  'schema.cedarschema',
  'groups.json',
  'baseline.cedar',
  'exceptions.cedar',
];

const amara = 'user:default/amara.okafor';
const tom = 'user:default/tom.becker';
const priya = 'user:default/priya.shah';
/** Who belongs where: Priya is in the platform team and in payments. */
const OWNERSHIP: Record<string, string[]> = {
  [amara]: [amara, 'group:default/platform'],
  [tom]: [tom, 'group:default/payments'],
  [priya]: [priya, 'group:default/platform', 'group:default/payments'],
};

function resource(env: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: `orders-db-${env}`,
      namespace: 'default',
      annotations: {
        'pave.dev/environment': env,
        'pave.dev/resource-type': 'postgres',
        'pave.dev/size': 'large',
        'pave.dev/workload-resource': 'db',
      },
    },
    spec: { type: 'database', owner: 'group:default/payments' },
  };
}
const orders: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'orders', namespace: 'default' },
  spec: {
    type: 'service',
    owner: 'group:default/payments',
    system: 'payments-platform',
    lifecycle: 'production',
  },
  relations: ['dev', 'prod'].map(env => ({
    type: 'dependsOn',
    targetRef: `resource:default/orders-db-${env}`,
  })),
};

const inDays = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString();

describe('policy exceptions', () => {
  let directory: string;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let auditor: ReturnType<typeof mockServices.auditor.mock>;

  beforeEach(async () => {
    // The shipped schema, permit and exception rules, and the two soft
    // rules: the guardrails would only add violations the test does not own.
    directory = await mkdtemp(join(tmpdir(), 'pave-policies-'));
    for (const file of PACK) {
      await cp(join(POLICIES, file), join(directory, file));
    }
    await writeFile(join(directory, 'soft.cedar'), SOFT_RULES);
    auditor = mockServices.auditor.mock();
    const backend = await startTestBackend({
      features: [
        policyPlugin,
        catalogServiceMock.factory({
          entities: [
            ...testCatalogEntities,
            orders,
            resource('dev'),
            resource('prod'),
          ],
        }),
        mockServices.rootConfig.factory({
          data: { pave: { policy: { directory }, infra: testInfraConfig } },
        }),
        mockServices.userInfo.mock({
          getUserInfo: async credentials => {
            const { userEntityRef } = credentials.principal as {
              userEntityRef: string;
            };
            return {
              userEntityRef,
              ownershipEntityRefs: OWNERSHIP[userEntityRef] ?? [userEntityRef],
            };
          },
        }).factory,
        auditor.factory,
      ],
    });
    server = backend.server;
  });
  afterEach(() => rm(directory, { recursive: true, force: true }));

  const as = (user: string) => mockCredentials.user.header(user);
  const grant = (user: string, body: object) =>
    request(server)
      .post('/api/policy/exceptions')
      .set('Authorization', as(user))
      .send({
        entityRef: 'component:default/orders',
        policyId: 'prod-large-db-review',
        reason: 'Migration to the medium class is planned for Q1.',
        expiresAt: inDays(14),
        ...body,
      });
  const compliance = (user = tom) =>
    request(server)
      .get('/api/policy/compliance/component/default/orders')
      .set('Authorization', as(user));
  const list = () =>
    request(server)
      .get('/api/policy/exceptions')
      .query({ entityRef: 'component:default/orders' })
      .set('Authorization', as(tom));
  const prodOf = (res: request.Response) =>
    res.body.environments.find((e: any) => e.environment === 'prod').verdict;

  it('lets an allowed principal excuse a soft-mandatory rule, shown on the verdict until revoked', async () => {
    const before = await compliance(amara);
    expect(prodOf(before).decision).toBe('deny');
    expect(before.body.canRecordExceptions).toBe(true);

    const granted = await grant(amara, { environment: 'prod' });
    expect(granted.status).toBe(201);
    expect(granted.body.exception).toMatchObject({
      entityRef: 'component:default/orders',
      policyId: 'prod-large-db-review',
      environment: 'prod',
      grantedBy: amara,
      policySet: expect.stringMatching(/^sha256:/),
    });
    const id = granted.body.exception.id;

    const after = await compliance();
    const prod = prodOf(after);
    expect(prod.violations).toEqual([]);
    expect(prod.excepted).toEqual([
      expect.objectContaining({
        policyId: 'prod-large-db-review',
        enforcement: 'soft-mandatory',
        exception: expect.objectContaining({ id, grantedBy: amara }),
      }),
    ]);
    expect(after.body.exceptions.map((e: any) => e.id)).toEqual([id]);
    // Scoped to prod: the service's own soft rule still blocks.
    expect(after.body.service.decision).toBe('deny');
    expect(after.body.canRecordExceptions).toBe(false);

    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'policy-exception-grant',
        severityLevel: 'high',
        meta: expect.objectContaining({
          entityRef: 'component:default/orders',
          policyId: 'prod-large-db-review',
        }),
      }),
    );

    // Tom (the owning team) may not end Amara's exception; Amara may.
    const refused = await request(server)
      .post(`/api/policy/exceptions/${id}/revoke`)
      .set('Authorization', as(tom));
    expect(refused.status).toBe(403);
    const revoked = await request(server)
      .post(`/api/policy/exceptions/${id}/revoke`)
      .set('Authorization', as(amara));
    expect(revoked.status).toBe(200);
    expect(revoked.body.exception).toMatchObject({ revokedBy: amara });
    const again = await request(server)
      .post(`/api/policy/exceptions/${id}/revoke`)
      .set('Authorization', as(amara));
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe(
      `exception ${id} is already revoked; there is nothing to revoke`,
    );
    expect(prodOf(await compliance()).decision).toBe('deny');
    expect((await list()).body.exceptions).toEqual([
      expect.objectContaining({ id, state: 'revoked' }),
    ]);
  });

  it('refuses principals the exception policies refuse, writing nothing', async () => {
    const owner = await grant(tom, {});
    expect(owner.status).toBe(403);
    expect(
      owner.body.verdict.violations.map((v: any) => v.policyId).sort(),
    ).toEqual(['exception-granted-by-platform', 'exception-not-for-own-team']);
    // Four eyes: in the platform team, but also in the owning team.
    const both = await grant(priya, {});
    expect(both.status).toBe(403);
    expect(both.body.verdict.violations.map((v: any) => v.policyId)).toEqual([
      'exception-not-for-own-team',
    ]);
    const hard = await grant(amara, { policyId: 'prod-db-encrypted-at-rest' });
    expect(hard.status).toBe(403);
    expect(hard.body.verdict.violations.map((v: any) => v.policyId)).toEqual([
      'exception-soft-mandatory-only',
    ]);
    const long = await grant(amara, {
      environment: 'prod',
      expiresAt: inDays(45),
    });
    expect(long.status).toBe(403);
    expect(long.body.verdict.violations.map((v: any) => v.policyId)).toEqual([
      'exception-prod-at-most-30-days',
    ]);
    // Without an environment it covers prod too: both limits apply.
    expect(
      (
        await grant(amara, { expiresAt: inDays(120) })
      ).body.verdict.violations.map((v: any) => v.policyId),
    ).toEqual(['exception-at-most-90-days', 'exception-prod-at-most-30-days']);
    expect((await list()).body.exceptions).toEqual([]);
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({ eventId: 'policy-exception-grant' }),
    );
  });

  it('answers bad input with the field and the rule, writing nothing', async () => {
    const cases: Array<[object, number, RegExp]> = [
      [{ policyId: 'no-such-rule' }, 400, /^policyId: no rule "no-such-rule"/],
      [{ environment: 'moon' }, 400, /unknown environment "moon"/],
      [
        { entityRef: 'component:default/ghost' },
        404,
        /^entityRef: component:default\/ghost is not in the catalog/,
      ],
      [
        { reason: 'because' },
        400,
        /reason: must say why in at least 10 characters/,
      ],
      [
        { expiresAt: '2020-01-01T00:00:00Z' },
        400,
        /expiresAt: must be in the future/,
      ],
      [
        { expiresAt: 'tomorrow' },
        400,
        /expiresAt: must be an ISO 8601 date and time/,
      ],
      [{ extra: 1 }, 400, /extra/],
    ];
    for (const [body, status, message] of cases) {
      const res = await grant(amara, body);
      expect([res.status, res.body.error.message]).toEqual([
        status,
        expect.stringMatching(message),
      ]);
    }
    expect((await list()).body.exceptions).toEqual([]);
  });

  it('stops applying an exception once it expires', async () => {
    const res = await grant(amara, {
      expiresAt: new Date(Date.now() + 3000).toISOString(),
    });
    expect(res.status).toBe(201);
    // Without an environment it covers the service and every environment.
    const during = await compliance();
    expect(prodOf(during).decision).toBe('allow');
    expect(during.body.service.decision).toBe('deny');
    await new Promise(r => setTimeout(r, 3100));
    const after = await compliance();
    expect(prodOf(after).decision).toBe('deny');
    expect(prodOf(after).excepted).toBeUndefined();
    expect((await list()).body.exceptions).toEqual([
      expect.objectContaining({ state: 'expired' }),
    ]);
  });

  it('takes exceptions from people only', async () => {
    const res = await request(server)
      .post('/api/policy/exceptions')
      .set('Authorization', mockCredentials.service.header())
      .send({});
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/sign in/);
  });

  it("applies an entity's exceptions to a re-run of its template, never to a new service of the same name", async () => {
    const granted = await grant(amara, {
      policyId: 'orders-name-review',
      expiresAt: inDays(10),
    });
    expect(granted.status).toBe(201);
    const check = (existing: boolean) =>
      request(server)
        .post('/api/policy/template-check')
        .set('Authorization', as(tom))
        .send({
          template: 'service-with-database',
          name: 'orders',
          owner: 'group:default/payments',
          system: 'payments-platform',
          dataClassification: 'internal',
          resources: [{ name: 'db', type: 'postgres', size: 'small' }],
          environments: ['dev'],
          ...(existing ? { existing: true } : {}),
        });
    const rerun = await check(true);
    expect(rerun.status).toBe(200);
    expect(rerun.body.violations).toEqual([]);
    expect(rerun.body.excepted).toEqual([
      expect.objectContaining({
        policyId: 'orders-name-review',
        exception: expect.objectContaining({ id: granted.body.exception.id }),
      }),
    ]);
    expect(rerun.body.decision).toBe('allow');
  });
});
