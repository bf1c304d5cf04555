import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { resolve } from 'node:path';
import request from 'supertest';
import { policyPlugin } from '../plugin';
import { ordersWorkload, planFacts } from '../__testUtils__/plans';

/** The repository's baseline pack, by absolute path as an operator would set it. */
const config = {
  pave: { policy: { directory: resolve(__dirname, '../../../../policies') } },
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
  } = {},
) {
  const { result = AuthorizeResult.ALLOW, ownership = [tom] } = options;
  const { server } = await startTestBackend({
    features: [
      policyPlugin,
      mockServices.rootConfig.factory({ data: config }),
      mockServices.permissions.factory({ result }),
      mockServices.userInfo.mock({
        getUserInfo: async credentials => ({
          userEntityRef: (credentials.principal as { userEntityRef: string })
            .userEntityRef,
          ownershipEntityRefs: ownership,
        }),
      }).factory,
      ...(options.auditor ? [options.auditor.factory] : []),
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
        resource: `prod/${resources[0].address}`,
        resourceIndex: 0,
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
      file: 'object-storage.cedar',
      line: 1,
    });
    expect(res.body.policies).toContainEqual(
      expect.objectContaining({ id: 'baseline-permit', effect: 'permit' }),
    );
  });

  it.each([
    [
      { ...serviceBody, action: 'infra.destroy' },
      /action: unknown action "infra\.destroy"; must be infra\.provision, template\.run or service\.register/,
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
});
