import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { EventsService, eventsServiceRef } from '@backstage/plugin-events-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ordersWorkload,
  planFacts,
  testCatalogEntities,
} from '@pave/plugin-policy-node/testUtils';
import { testInfraConfig } from '@pave/plugin-infra-node/testUtils';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TerraformStack } from 'cdktf';
import request from 'supertest';
import { policyPlugin } from '../plugin';

/** The repository's baseline pack, by absolute path as an operator would set it. */
const config = {
  pave: {
    policy: { directory: resolve(__dirname, '../../../../policies') },
    infra: testInfraConfig,
  },
};

const prodPlan = planFacts('aws', 'prod');
const largePlan = planFacts('aws', 'prod', ordersWorkload('large'));
const tom = 'user:default/tom.becker';
/** A user caller's body: the principal comes from their identity. */
const body = {
  action: 'infra.provision',
  resources: prodPlan,
  context: { environment: 'prod', environmentType: 'prod' },
};
/** What a service caller (the CLI) sends. */
const serviceBody = {
  ...body,
  principal: { userEntityRef: tom, groups: ['group:default/payments'] },
};
const asTom = mockCredentials.user.header(tom);

async function start(
  options: {
    result?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
    /** Tom's ownership refs, as the catalog would resolve them. */
    ownership?: string[];
    auditor?: ReturnType<typeof mockServices.auditor.mock>;
    entities?: Entity[];
    policyDirectory?: string;
    /** Replaces the events service the reload is announced on. */
    events?: EventsService;
  } = {},
) {
  const { result = AuthorizeResult.ALLOW, ownership = [tom] } = options;
  const { server } = await startTestBackend({
    features: [
      policyPlugin,
      catalogServiceMock.factory({
        entities: options.entities ?? testCatalogEntities,
      }),
      mockServices.rootConfig.factory({
        data: options.policyDirectory
          ? {
              pave: {
                ...config.pave,
                policy: { directory: options.policyDirectory },
              },
            }
          : config,
      }),
      mockServices.permissions.factory({ result }),
      mockServices.userInfo.mock({
        getUserInfo: async credentials => ({
          userEntityRef: (credentials.principal as { userEntityRef: string })
            .userEntityRef,
          ownershipEntityRefs: ownership,
        }),
      }).factory,
      ...(options.auditor ? [options.auditor.factory] : []),
      ...(options.events
        ? [
            createServiceFactory({
              service: eventsServiceRef,
              deps: {},
              factory: () => options.events!,
            }),
          ]
        : []),
    ],
  });
  return server;
}

describe('policy router', () => {
  it('allows a compliant plan, judging every resource', async () => {
    const res = await request(await start())
      .post('/api/policy/evaluate')
      .set('Authorization', asTom)
      .send(body);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      decision: 'allow',
      violations: [],
      warnings: [],
      errors: [],
      evaluatedPolicies: expect.any(Number),
      policySet: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
    });
  });

  it('denies with 200 and names the rule, its message and the resource', async () => {
    const resources = [...prodPlan];
    resources[0] = { ...resources[0], encryptedAtRest: false };
    const res = await request(await start())
      .post('/api/policy/evaluate')
      .set('Authorization', asTom)
      .send({ ...body, resources });
    expect(res.status).toBe(200);
    expect(res.body.decision).toBe('deny');
    expect(res.body.violations).toEqual([
      {
        policyId: 'prod-db-encrypted-at-rest',
        message: 'Production databases must be encrypted at rest.',
        severity: 'deny',
        enforcement: 'hard-mandatory',
        resource: `prod/${resources[0].address}`,
        resourceIndex: 0,
        field: 'resources',
        remediation: expect.stringMatching(/render it again/),
      },
    ]);
  });

  describe('principal', () => {
    const largeBody = { ...body, resources: largePlan };

    it("takes a user's groups from their identity, keeping only group refs", async () => {
      // payments may run large classes in prod; Tom alone may not.
      const member = await request(
        await start({ ownership: [tom, 'group:default/payments'] }),
      )
        .post('/api/policy/evaluate')
        .set('Authorization', asTom)
        .send(largeBody);
      expect(member.status).toBe(200);
      expect(member.body.decision).toBe('allow');

      const alone = await request(await start())
        .post('/api/policy/evaluate')
        .set('Authorization', asTom)
        .send(largeBody);
      expect(alone.body.decision).toBe('deny');
      expect(alone.body.violations[0].policyId).toBe(
        'prod-large-needs-approved-team',
      );
    });

    it('ignores groups a user claims in the body', async () => {
      const res = await request(await start())
        .post('/api/policy/evaluate')
        .set('Authorization', asTom)
        .send({ ...serviceBody, resources: largePlan });
      expect(res.status).toBe(200);
      expect(res.body.decision).toBe('deny');
    });

    it("refuses with 403 a user who names someone else's principal", async () => {
      const res = await request(await start())
        .post('/api/policy/evaluate')
        .set('Authorization', mockCredentials.user.header('user:default/eve'))
        .send(serviceBody);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(
        'principal.userEntityRef user:default/tom.becker is not you (user:default/eve); omit the principal to be judged as yourself',
      );
    });

    it('judges on-behalf-of calls as the user', async () => {
      const res = await request(
        await start({ ownership: [tom, 'group:default/payments'] }),
      )
        .post('/api/policy/evaluate')
        .set(
          'Authorization',
          mockCredentials.service.header({
            onBehalfOf: mockCredentials.user(tom),
            targetPluginId: 'policy',
          }),
        )
        .send(largeBody);
      expect(res.status).toBe(200);
      expect(res.body.decision).toBe('allow');
    });

    it('trusts the principal a service sends', async () => {
      const res = await request(await start())
        .post('/api/policy/evaluate')
        .set('Authorization', mockCredentials.service.header())
        .send({ ...serviceBody, resources: largePlan });
      expect(res.status).toBe(200);
      expect(res.body.decision).toBe('allow');
    });
  });

  describe('audit', () => {
    function auditorMock() {
      const event = { success: jest.fn(), fail: jest.fn() };
      const auditor = mockServices.auditor.mock({
        createEvent: jest.fn(async () => event),
      });
      return { auditor, event };
    }

    it('audits each evaluation with its decision and the rules that fired', async () => {
      const { auditor, event } = auditorMock();
      await request(await start({ auditor }))
        .post('/api/policy/evaluate')
        .set('Authorization', asTom)
        .send({ ...body, resources: largePlan });
      expect(auditor.createEvent).toHaveBeenCalledWith({
        eventId: 'policy-evaluate',
        request: expect.anything(),
        severityLevel: 'medium',
        meta: {
          action: 'infra.provision',
          principal: tom,
          resources: {
            count: largePlan.length,
            first: largePlan.slice(0, 5).map(r => `prod/${r.address}`),
          },
        },
      });
      expect(event.success).toHaveBeenCalledWith({
        meta: {
          decision: 'deny',
          policySet: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
          violatedPolicyIds: ['prod-large-needs-approved-team'],
          warningPolicyIds: [],
        },
      });
      expect(event.fail).not.toHaveBeenCalled();
    });

    it('audits a refused impersonation as a failure', async () => {
      const { auditor, event } = auditorMock();
      await request(await start({ auditor }))
        .post('/api/policy/evaluate')
        .set('Authorization', mockCredentials.user.header('user:default/eve'))
        .send(serviceBody);
      expect(event.fail).toHaveBeenCalledWith({
        error: expect.objectContaining({ name: 'NotAllowedError' }),
      });
      expect(event.success).not.toHaveBeenCalled();
    });
  });

  it('lists the loaded policies with their annotations', async () => {
    const res = await request(await start()).get('/api/policy/policies');
    expect(res.status).toBe(200);
    expect(res.body.policies).toContainEqual({
      id: 'no-public-object-storage',
      effect: 'forbid',
      message: expect.stringMatching(/^Object storage must never be public/),
      severity: 'deny',
      enforcement: 'hard-mandatory',
      file: 'object-storage.cedar',
      line: 5,
      field: 'resources',
      remediation: expect.stringMatching(/signed URL/),
    });
    expect(res.body.policies).toContainEqual(
      expect.objectContaining({ id: 'baseline-permit', effect: 'permit' }),
    );
  });

  it.each([
    [
      { ...serviceBody, action: 'infra.destroy' },
      /action: unknown action "infra\.destroy"; must be one of infra\.provision, template\.run, service\.register, template\.read/,
    ],
    [
      {
        ...serviceBody,
        resources: [{ ...prodPlan[0], encryptedAtRest: 'yes' }],
      },
      /resources\.0\.encryptedAtRest: /,
    ],
    [
      { ...serviceBody, action: 'service.register' },
      /resources\.0\.type: infra-resource is not judged by service\.register; it takes service/,
    ],
    [
      { ...serviceBody, resources: [] },
      /resources: must list at least one resource/,
    ],
    [
      { ...serviceBody, principal: { userEntityRef: 'tom', groups: [] } },
      /principal\.userEntityRef: must be an entity ref such as user:default\/name/,
    ],
    [{ ...serviceBody, extra: true }, /Unrecognized key.*extra/],
    [body, /principal: service callers must name the principal to judge/],
  ])(
    'refuses a bad body with 400 naming the field (%#)',
    async (bad, message) => {
      const res = await request(await start())
        .post('/api/policy/evaluate')
        .set('Authorization', mockCredentials.service.header())
        .send(bad);
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toMatch(message);
    },
  );

  it('refuses more than 1000 resources', async () => {
    const resources = Array.from({ length: 1001 }, () => prodPlan[0]);
    const res = await request(await start())
      .post('/api/policy/evaluate')
      .set('Authorization', asTom)
      .send({ ...body, resources });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /resources: must list at most 1000 resources/,
    );
  });

  it('answers 401 without credentials and 403 when the permission is denied', async () => {
    const server = await start();
    const anonymous = await request(server)
      .post('/api/policy/evaluate')
      .set('Authorization', mockCredentials.none.header())
      .send(body);
    expect(anonymous.status).toBe(401);
    const listing = await request(server)
      .get('/api/policy/policies')
      .set('Authorization', mockCredentials.none.header());
    expect(listing.status).toBe(401);

    const deniedServer = await start({ result: AuthorizeResult.DENY });
    const denied = await request(deniedServer)
      .post('/api/policy/evaluate')
      .set('Authorization', asTom)
      .send(body);
    expect(denied.status).toBe(403);
    const deniedListing = await request(deniedServer).get(
      '/api/policy/policies',
    );
    expect(deniedListing.status).toBe(403);
  });

  it('refuses an oversize body with 413', async () => {
    const huge = { ...body, padding: 'x'.repeat(2 * 1024 * 1024) };
    const res = await request(await start())
      .post('/api/policy/evaluate')
      .send(huge);
    expect(res.status).toBe(413);
  });

  it('registers its permission with the permission framework', async () => {
    const res = await request(await start())
      .get('/api/policy/.well-known/backstage/permissions/metadata')
      .set('Authorization', mockCredentials.service.header());
    expect(res.status).toBe(200);
    expect(res.body.permissions).toContainEqual(
      expect.objectContaining({ name: 'pave.policy.evaluate' }),
    );
  });

  describe('POST /template-check', () => {
    const wizard = {
      template: 'service-with-database',
      name: 'orders',
      owner: 'group:default/payments',
      system: 'system:default/payments-platform',
      dataClassification: 'internal',
      resources: [{ name: 'db', type: 'postgres', size: 'small' }],
      environments: ['dev', 'prod'],
    };
    const asMember = (group: string) => ({
      ownership: [tom, `group:default/${group}`],
    });

    async function check(input: object, group = 'payments') {
      return request(await start(asMember(group)))
        .post('/api/policy/template-check')
        .set('Authorization', asTom)
        .send(input);
    }

    it("plans the wizard's resources and judges them with the owner's cost centre", async () => {
      const res = await check(wizard);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        decision: 'allow',
        violations: [],
        template: {
          ref: 'template:default/service-with-database',
          tags: ['typescript', 'recommended'],
        },
        costCenter: 'CC-2100',
      });
      expect(res.body.plans).toEqual([
        expect.objectContaining({
          environment: 'dev',
          environmentType: 'dev',
          cloud: 'aws',
          region: 'eu-west-1',
        }),
        expect.objectContaining({
          environment: 'prod',
          environmentType: 'prod',
        }),
      ]);
      // The engine's plans, whole: what a task passes on to its next steps.
      expect(
        res.body.plans.map((p: any) =>
          p.resources.map((r: any) => [r.address, r.tags['cost-center']]),
        ),
      ).toEqual([
        [['aws_db_instance.db', 'CC-2100']],
        [['aws_db_instance.db', 'CC-2100']],
      ]);
    });

    it('plans without synthesizing Terraform: the wizard asks on every change', async () => {
      const syntheses = jest.spyOn(TerraformStack.prototype, 'toTerraform');
      try {
        const res = await check(wizard);
        expect(res.status).toBe(200);
        expect(syntheses).not.toHaveBeenCalled();
      } finally {
        syntheses.mockRestore();
      }
    });

    it('names the wizard field each broken rule concerns', async () => {
      const res = await check(
        {
          ...wizard,
          owner: 'group:default/research',
          system: undefined,
          resources: [{ name: 'db', type: 'postgres', size: 'large' }],
        },
        'research',
      );
      expect(res.status).toBe(200);
      expect(res.body.decision).toBe('deny');
      expect(
        res.body.violations.map((v: any) => [v.policyId, v.field]).sort(),
      ).toEqual([
        ['prod-large-needs-approved-team', 'resources'],
        ['service-cost-center-required', 'owner'],
        ['service-system-required', 'system'],
      ]);
    });

    it("judges the template's catalog tags, not the caller's word", async () => {
      const experimental = { ...wizard, template: 'rust-grpc' };
      const developer = await check(experimental);
      expect(developer.body.decision).toBe('deny');
      expect(developer.body.violations[0].policyId).toBe(
        'experimental-templates-platform-only',
      );
      const platform = await check(experimental, 'platform');
      expect(platform.body.decision).toBe('allow');
    });

    it.each([
      [{ ...wizard, name: 'Orders Service' }, 400, /name: must be lower-case/],
      [
        { ...wizard, resources: [{ name: 'db', type: 'oracle' }] },
        400,
        /resources\.0\.type: must be one of postgres, mysql/,
      ],
      [
        { ...wizard, workload: ordersWorkload('small') },
        400,
        /workload: send either resources .* or workload, not both/,
      ],
      [{ ...wizard, environments: ['moon'] }, 400, /moon/],
      [{ ...wizard, owner: 'user:default/tom' }, 400, /owner: .*not a group/],
      [
        { ...wizard, template: 'no-such-template' },
        404,
        /template: template:default\/no-such-template is not in the catalog/,
      ],
    ])(
      'refuses bad input naming the field (%#)',
      async (input, status, message) => {
        const res = await check(input);
        expect(res.status).toBe(status);
        expect(res.body.error.message).toMatch(message);
      },
    );
  });

  it('answers 409 naming the field when the service name is taken', async () => {
    const taken: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'orders', namespace: 'default' },
      spec: { type: 'service', owner: 'group:default/payments' },
    };
    const res = await request(
      await start({ entities: [...testCatalogEntities, taken] }),
    )
      .post('/api/policy/template-check')
      .set('Authorization', asTom)
      .send({
        template: 'service-with-database',
        name: 'orders',
        owner: 'group:default/payments',
        system: 'payments-platform',
        environments: ['dev'],
      });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe(
      'name: component:default/orders already exists in the catalog (owned by group:default/payments); pick another name',
    );
  });

  describe('GET /compliance', () => {
    function resource(
      name: string,
      annotations: Record<string, string>,
    ): Entity {
      return {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: { name, namespace: 'default', annotations },
        spec: { type: 'database', owner: 'group:default/payments' },
      };
    }
    function component(resources: string[], owner = 'payments'): Entity {
      return {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'orders',
          namespace: 'default',
          annotations: { 'pave.dev/data-classification': 'internal' },
        },
        spec: {
          type: 'service',
          owner,
          system: 'payments-platform',
          lifecycle: 'production',
        },
        relations: resources.map(name => ({
          type: 'dependsOn',
          targetRef: `resource:default/${name}`,
        })),
      };
    }
    const db = (env: string, size = 'medium') =>
      resource(`orders-db-${env}`, {
        'pave.dev/environment': env,
        'pave.dev/resource-type': 'postgres',
        'pave.dev/size': size,
        'pave.dev/workload-resource': 'db',
      });

    async function compliance(entities: Entity[]) {
      return request(
        await start({ entities: [...testCatalogEntities, ...entities] }),
      )
        .get('/api/policy/compliance/component/default/orders')
        .set('Authorization', asTom);
    }

    it('judges each environment its catalog Resources are in', async () => {
      const res = await compliance([
        component(['orders-db-dev', 'orders-db-prod', 'orders-notes']),
        db('dev'),
        db('prod'),
        // Not a Pave resource: no annotations, so not judged.
        resource('orders-notes', {}),
      ]);
      expect(res.status).toBe(200);
      expect(res.body.entityRef).toBe('component:default/orders');
      expect(res.body.service.decision).toBe('allow');
      expect(
        res.body.environments.map((e: any) => [
          e.environment,
          e.environmentType,
          e.resources,
          e.verdict.decision,
        ]),
      ).toEqual([
        ['dev', 'dev', ['resource:default/orders-db-dev'], 'allow'],
        ['prod', 'prod', ['resource:default/orders-db-prod'], 'allow'],
      ]);
    });

    it("plans with the component's data classification, and flags a component without one", async () => {
      const confidential = component(['orders-db-prod']);
      confidential.metadata.annotations = {
        'pave.dev/data-classification': 'confidential',
      };
      const [prod] = (await compliance([confidential, db('prod')])).body
        .environments;
      expect(prod.verdict.decision).toBe('allow');

      const unclassified = component(['orders-db-prod']);
      delete unclassified.metadata.annotations;
      const [unknown] = (await compliance([unclassified, db('prod')])).body
        .environments;
      expect(unknown.verdict.violations.map((v: any) => v.policyId)).toEqual([
        'required-tags',
      ]);
    });

    it('judges as the owning team: a large prod database of a team not approved for it is denied', async () => {
      const res = await compliance([
        component(['orders-db-prod'], 'onboarding'),
        db('prod', 'large'),
      ]);
      const [prod] = res.body.environments;
      expect(prod.verdict.decision).toBe('deny');
      expect(prod.verdict.violations.map((v: any) => v.policyId)).toEqual([
        'prod-large-needs-approved-team',
      ]);
    });

    it('reports a Resource it cannot plan on its row, not as a failed request', async () => {
      const res = await compliance([
        component(['orders-db-prod']),
        resource('orders-db-prod', {
          'pave.dev/environment': 'prod',
          'pave.dev/resource-type': 'oracle',
        }),
      ]);
      expect(res.status).toBe(200);
      expect(res.body.environments[0]).toMatchObject({
        environment: 'prod',
        error: expect.stringMatching(
          /^resource:default\/orders-db-prod: type: must be one of/,
        ),
      });
    });

    it('answers 404 for an entity that is not in the catalog', async () => {
      const res = await compliance([]);
      expect(res.status).toBe(404);
    });
  });

  describe('POST /reload', () => {
    /** A rule the baseline pack does not have. */
    const NO_MYSQL =
      '@id("no-mysql")\n@message("Use PostgreSQL.")\n@severity("deny")\nforbid (principal, action, resource is Pave::InfraResource)\nwhen { resource.resourceType == "mysql" };\n';

    let directory: string;
    beforeEach(async () => {
      directory = await mkdtemp(join(tmpdir(), 'pave-policies-'));
      await cp(resolve(__dirname, '../../../../policies'), directory, {
        recursive: true,
      });
    });
    afterEach(() => rm(directory, { recursive: true, force: true }));

    it('loads changed files, and keeps the last good set when they are broken', async () => {
      const server = await start({ policyDirectory: directory });
      const before = (await request(server).get('/api/policy/policies')).body
        .policies.length;

      await writeFile(join(directory, 'extra.cedar'), NO_MYSQL);
      const loaded = await request(server).post('/api/policy/reload');
      expect(loaded.status).toBe(200);
      expect(loaded.body).toEqual({
        loaded: true,
        policies: before + 1,
        policySet: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      });

      await writeFile(
        join(directory, 'extra.cedar'),
        '@id("broken")\nforbid (principal, action, resource)\nwhen { resource.nope };\n',
      );
      const refused = await request(server).post('/api/policy/reload');
      expect(refused.status).toBe(422);
      expect(refused.body.loaded).toBe(false);
      expect(refused.body.errors.join('\n')).toMatch(
        /^extra\.cedar:\d+:\d+: /m,
      );
      const after = await request(server).get('/api/policy/policies');
      expect(after.body.policies.map((p: any) => p.id)).toContain('no-mysql');
    });

    it('answers 200 with a warning when the other replicas cannot be told', async () => {
      const publish = jest.fn(async () => {
        throw new Error('events bus unavailable');
      });
      const server = await start({
        policyDirectory: directory,
        events: { publish, subscribe: async () => {} },
      });
      await writeFile(join(directory, 'extra.cedar'), NO_MYSQL);
      const res = await request(server).post('/api/policy/reload');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        loaded: true,
        warning: expect.stringMatching(
          /^Loaded on this replica, but the other replicas were not told \(events bus unavailable\)/,
        ),
      });
      expect(publish).toHaveBeenCalledTimes(1);
      const after = await request(server).get('/api/policy/policies');
      expect(after.body.policies.map((p: any) => p.id)).toContain('no-mysql');
    });

    it('is refused with 403 without the reload permission', async () => {
      const res = await request(
        await start({ result: AuthorizeResult.DENY }),
      ).post('/api/policy/reload');
      expect(res.status).toBe(403);
    });
  });
});
