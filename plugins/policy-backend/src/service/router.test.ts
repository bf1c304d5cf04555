import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { resolve } from 'node:path';
import request from 'supertest';
import { policyPlugin } from '../plugin';
import { planFacts } from '../__testUtils__/plans';

/** The repository's baseline pack, by absolute path as an operator would set it. */
const config = {
  pave: { policy: { directory: resolve(__dirname, '../../../../policies') } },
};

const prodPlan = planFacts('aws', 'prod');
const body = {
  principal: {
    userEntityRef: 'user:default/tom.becker',
    groups: ['group:default/payments'],
  },
  action: 'infra.provision',
  resources: prodPlan,
  context: { environment: 'prod', environmentType: 'prod' },
};

async function start(
  result: AuthorizeResult.ALLOW | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) {
  const { server } = await startTestBackend({
    features: [
      policyPlugin,
      mockServices.rootConfig.factory({ data: config }),
      mockServices.permissions.factory({ result }),
    ],
  });
  return server;
}

describe('policy router', () => {
  it('allows a compliant plan, judging every resource', async () => {
    const res = await request(await start())
      .post('/api/policy/evaluate')
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
      { ...body, action: 'infra.destroy' },
      /action: unknown action "infra\.destroy"; must be infra\.provision, template\.run or service\.register/,
    ],
    [
      {
        ...body,
        resources: [{ ...prodPlan[0], encryptedAtRest: 'yes' }],
      },
      /resources\.0\.encryptedAtRest: /,
    ],
    [
      { ...body, action: 'service.register' },
      /resources\.0\.type: infra-resource is not judged by service\.register; it takes service/,
    ],
    [{ ...body, resources: [] }, /resources: must list at least one resource/],
    [
      { ...body, principal: { userEntityRef: 'tom', groups: [] } },
      /principal\.userEntityRef: must be an entity ref such as user:default\/name/,
    ],
    [{ ...body, extra: true }, /Unrecognized key.*extra/],
  ])(
    'refuses a bad body with 400 naming the field (%#)',
    async (bad, message) => {
      const res = await request(await start())
        .post('/api/policy/evaluate')
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

    const deniedServer = await start(AuthorizeResult.DENY);
    const denied = await request(deniedServer)
      .post('/api/policy/evaluate')
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
