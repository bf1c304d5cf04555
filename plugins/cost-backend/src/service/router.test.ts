import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { environmentPlan } from '@pave/plugin-cost-node/testUtils';
import { startCostTestBackend } from '../__testUtils__/testBackend';

const asTom = mockCredentials.user.header('user:default/tom.becker');
const devPlan = environmentPlan('aws', 'dev');
const workloadBody = {
  workload: {
    apiVersion: 'score.dev/v1b1',
    metadata: { name: 'orders' },
    containers: {
      main: {
        image: 'registry.example.com/orders:1.0.0',
        resources: { requests: { cpu: '250m', memory: '256Mi' } },
      },
    },
    resources: { db: { type: 'postgres', params: { storageGb: 50 } } },
  },
  ownership: { owner: 'group:default/payments', costCenter: 'CC-2100' },
  environments: ['dev', 'prod'],
};

function start(result?: AuthorizeResult.ALLOW | AuthorizeResult.DENY) {
  return startCostTestBackend({ result });
}

describe('cost router', () => {
  it('prices plans as /api/infra/plan returns them', async () => {
    const res = await request(await start())
      .post('/api/cost/estimate')
      .set('Authorization', asTom)
      .send({ plans: [devPlan] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      currency: 'USD',
      monthlyUsd: 103.14,
      complete: true,
      // SQS's EU price, among others, is not checked: the answer says so.
      includesUnverifiedPrices: true,
      pricingAsOf: '2017-05-01',
      environments: [{ environment: 'dev', monthlyUsd: 103.14, unpriced: [] }],
    });
  });

  it('plans a workload request with the infra engine, then prices it', async () => {
    const res = await request(await start())
      .post('/api/cost/estimate')
      .set('Authorization', mockCredentials.service.header())
      .send(workloadBody);
    expect(res.status).toBe(200);
    const [dev, prod] = res.body.environments;
    expect(dev).toMatchObject({ environment: 'dev', complete: true });
    expect(prod).toMatchObject({ environment: 'prod', complete: true });
    // dev: db.t4g.small, 50 GB, one pod of 0.25 vCPU and 0.25 GiB on
    // Fargate; prod: Multi-AZ db.m7g.large and its storage, two pods.
    const pod = 730 * (0.25 * 0.04048 + 0.25 * 0.004445);
    expect(dev.monthlyUsd).toBeCloseTo(730 * 0.035 + 50 * 0.127 + pod, 2);
    expect(prod.monthlyUsd).toBeCloseTo(730 * 0.39 + 50 * 0.254 + 2 * pod, 2);
    expect(res.body.monthlyUsd).toBeCloseTo(
      dev.monthlyUsd + prod.monthlyUsd,
      2,
    );
    // The owner is not in this catalog: no budget, and the answer says so.
    expect(res.body.budget).toMatchObject({
      withinBudget: true,
      status: {
        total: { ownedUsd: 0 },
        errors: [
          'group:default/payments is not in the catalog; it has no budget',
        ],
      },
    });
  });

  it('answers 400 naming the field of a malformed plan', async () => {
    const resources = [{ ...devPlan.resources[0], highAvailability: 'yes' }];
    const res = await request(await start())
      .post('/api/cost/estimate')
      .set('Authorization', asTom)
      .send({ plans: [{ ...devPlan, resources }] });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /^Invalid estimate request: plans\.0\.resources\.0\.highAvailability: /,
    );
  });

  it('answers 400 naming the field of a malformed workload request', async () => {
    const res = await request(await start())
      .post('/api/cost/estimate')
      .set('Authorization', asTom)
      .send({ ...workloadBody, environments: [] });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /environments: must name at least one/,
    );
  });

  it('answers 401 without credentials', async () => {
    const res = await request(await start())
      .post('/api/cost/estimate')
      .set('Authorization', mockCredentials.none.header())
      .send({ plans: [devPlan] });
    expect(res.status).toBe(401);
  });

  it('answers 403 when the permission is denied', async () => {
    const res = await request(await start(AuthorizeResult.DENY))
      .post('/api/cost/estimate')
      .set('Authorization', asTom)
      .send({ plans: [devPlan] });
    expect(res.status).toBe(403);
  });

  it('refuses an oversize body with 413', async () => {
    const res = await request(await start())
      .post('/api/cost/estimate')
      .set('Authorization', asTom)
      .send({ plans: [devPlan], padding: 'x'.repeat(3 * 1024 * 1024) });
    expect(res.status).toBe(413);
  });

  it('registers its permission with the permission framework', async () => {
    const res = await request(await start())
      .get('/api/cost/.well-known/backstage/permissions/metadata')
      .set('Authorization', mockCredentials.service.header());
    expect(res.status).toBe(200);
    expect(res.body.permissions).toContainEqual(
      expect.objectContaining({ name: 'pave.cost.estimate' }),
    );
  });
});
