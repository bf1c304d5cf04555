import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { InfraService } from '@pave/plugin-infra-node';
import { testInfraConfig } from '@pave/plugin-infra-node/testUtils';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { startCostTestBackend } from '../__testUtils__/testBackend';

const asTom = mockCredentials.user.header('user:default/tom.becker');
const asScaffolder = mockCredentials.service.header();

function group(name: string, annotations: Record<string, string> = {}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'team', children: [] },
  };
}

function component(name: string, owner: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner },
    relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
  };
}

const entities = [
  group('payments', {
    'pave.dev/monthly-budget-usd': '1000',
    'pave.dev/monthly-budget-usd.prod': '600',
  }),
  group('growth', {
    'pave.dev/monthly-budget-usd': '-5',
    'pave.dev/monthly-budget-usd.qa': '10',
  }),
  component('orders', 'payments'),
  component('refunds', 'payments'),
];

const ordersRequest = {
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

const ORDERS = encodeURIComponent('component:default/orders');

function start(result?: AuthorizeResult.ALLOW | AuthorizeResult.DENY) {
  return startCostTestBackend({ result, entities });
}

/** Records the orders service's estimate as the scaffolder would. */
function recordOrders(
  server: Awaited<ReturnType<typeof start>>,
  cause: object = { kind: 'api' },
) {
  return request(server)
    .post(`/api/cost/entities/${ORDERS}/estimates`)
    .set('Authorization', asScaffolder)
    .send({ request: ordersRequest, cause });
}

function focusCsv(rows: string[]) {
  return [
    'BillingCurrency,ChargePeriodStart,ChargePeriodEnd,EffectiveCost,ProviderName,Tags',
    ...rows,
  ].join('\n');
}

describe('cost API: entities, groups, budgets and actuals', () => {
  it('answers 404 for an entity the catalog does not hold, 400 for a bad ref', async () => {
    const server = await start();
    const missing = await request(server)
      .get(`/api/cost/entities/${encodeURIComponent('component:default/nope')}`)
      .set('Authorization', asTom);
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain('component:default/nope');
    const bad = await request(server)
      .get(`/api/cost/entities/${encodeURIComponent('component:')}`)
      .set('Authorization', asTom);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^entity: /);
  });

  it('records the scaffolder’s estimate and shows it with the team budget', async () => {
    const server = await start();
    const recorded = await recordOrders(server, {
      kind: 'task',
      taskId: 'abc-123',
    });
    expect(recorded.status).toBe(201);
    expect(recorded.body).toMatchObject({
      entityRef: 'component:default/orders',
      cause: { kind: 'task', taskId: 'abc-123' },
      complete: true,
    });
    const monthly = recorded.body.monthlyUsd;
    const prod = recorded.body.byEnvironmentType.prod;
    expect(monthly).toBeGreaterThan(prod);

    const res = await request(server)
      .get(`/api/cost/entities/${ORDERS}`)
      .set('Authorization', asTom);
    expect(res.status).toBe(200);
    expect(res.body.current.estimate.environments).toHaveLength(2);
    expect(res.body.history).toEqual([
      expect.objectContaining({
        monthlyUsd: monthly,
        cause: { kind: 'task', taskId: 'abc-123' },
      }),
    ]);
    expect(res.body.owner).toBe('group:default/payments');
    expect(res.body.budget).toMatchObject({
      groupRef: 'group:default/payments',
      total: {
        budgetUsd: 1000,
        ownedUsd: monthly,
        remainingUsd: Math.round((1000 - monthly) * 100) / 100,
      },
      byEnvironmentType: {
        prod: { budgetUsd: 600, ownedUsd: prod },
        dev: { ownedUsd: recorded.body.byEnvironmentType.dev },
      },
      errors: [],
      unestimated: 1,
    });
    expect(res.body.budget.byEnvironmentType.dev).not.toHaveProperty(
      'budgetUsd',
    );
  });

  it('holds a new estimate against what the team already owns', async () => {
    const server = await start();
    await recordOrders(server);
    const res = await request(server)
      .post('/api/cost/estimate')
      .set('Authorization', asTom)
      .send({
        ...ordersRequest,
        workload: { ...ordersRequest.workload, metadata: { name: 'refunds' } },
      });
    expect(res.status).toBe(200);
    const { budget } = res.body;
    // The same service again: its prod part exceeds what is left of 600.
    expect(budget.estimateUsd).toBe(res.body.monthlyUsd);
    expect(budget.remainingAfterUsd).toBeCloseTo(
      1000 - 2 * res.body.monthlyUsd,
      2,
    );
    expect(budget.withinBudget).toBe(budget.exceeds.length === 0);
    const prodEach = budget.estimateByEnvironmentType.prod;
    expect(budget.exceeds.includes('prod')).toBe(2 * prodEach > 600);
    expect(budget.exceeds.includes('total')).toBe(
      2 * res.body.monthlyUsd > 1000,
    );
  });

  it('counts a change to an owned service in place of its estimate, not on top', async () => {
    const server = await start();
    await recordOrders(server);
    // The plans of the orders service as it is, judged as a change to it.
    const plans = InfraService.fromConfig(
      mockServices.rootConfig({ data: { pave: { infra: testInfraConfig } } }),
    ).plan(ordersRequest as any);
    const estimate = (replaces?: string) =>
      request(server)
        .post('/api/cost/estimate')
        .set('Authorization', asTom)
        .send({
          plans,
          owner: 'group:default/payments',
          ...(replaces ? { replaces } : {}),
        });
    const asNew = (await estimate()).body;
    const asChange = (await estimate('component:default/orders')).body;
    expect(asChange.monthlyUsd).toBe(asNew.monthlyUsd);
    expect(asNew.budget.remainingAfterUsd).toBeCloseTo(
      1000 - 2 * asNew.monthlyUsd,
      2,
    );
    expect(asChange.budget.remainingAfterUsd).toBeCloseTo(
      1000 - asNew.monthlyUsd,
      2,
    );
    expect(asChange.budget.status.total.ownedUsd).toBe(0);

    const orphan = await request(server)
      .post('/api/cost/estimate')
      .set('Authorization', asTom)
      .send({ plans, replaces: 'component:default/orders' });
    expect(orphan.status).toBe(400);
    expect(orphan.body.error.message).toContain('replaces: needs an owner');
  });

  it('rolls up a team: owned components, budget lines, unestimated ones', async () => {
    const server = await start();
    await recordOrders(server);
    const res = await request(server)
      .get(`/api/cost/groups/${encodeURIComponent('group:default/payments')}`)
      .set('Authorization', asTom);
    expect(res.status).toBe(200);
    expect(res.body.entities.map((e: any) => e.entityRef)).toEqual([
      'component:default/orders',
      'component:default/refunds',
    ]);
    expect(res.body.entities[1]).not.toHaveProperty('monthlyUsd');
    expect(res.body.budget.unestimated).toBe(1);
    expect(res.body.budget.total.ownedUsd).toBe(
      res.body.entities[0].monthlyUsd,
    );
  });

  it('reports bad budget annotations and treats them as no budget', async () => {
    const res = await request(await start())
      .get(`/api/cost/groups/${encodeURIComponent('group:default/growth')}`)
      .set('Authorization', asTom);
    expect(res.status).toBe(200);
    expect(res.body.budget.total).toEqual({ ownedUsd: 0 });
    expect(res.body.budget.errors).toEqual([
      expect.stringMatching(
        /^pave\.dev\/monthly-budget-usd: "-5" is not a budget/,
      ),
      expect.stringMatching(
        /^pave\.dev\/monthly-budget-usd\.qa: "qa" is not an environment type/,
      ),
    ]);
  });

  it('ingests a FOCUS upload: good rows kept, bad rows reported by line', async () => {
    const server = await start();
    await recordOrders(server);
    const tags = (env: string) =>
      `"{""service"":""orders"",""environment"":""${env}""}"`;
    const csv = focusCsv([
      `USD,2026-10-01T00:00:00Z,2026-10-16T00:00:00Z,400.50,AWS,${tags(
        'prod',
      )}`,
      `USD,2026-10-16T00:00:00Z,2026-11-01T00:00:00Z,abc,AWS,${tags('prod')}`,
      `EUR,2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,10,AWS,${tags('dev')}`,
      `USD,2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,12.25,AWS,${tags('dev')}`,
      `USD,2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,3,AWS,{}`,
    ]);
    const upload = await request(server)
      .post('/api/cost/actuals/focus?source=oct.csv')
      .set('Authorization', asTom)
      .set('Content-Type', 'text/csv')
      .send(csv);
    expect(upload.status).toBe(200);
    expect(upload.body).toMatchObject({
      status: 'ingested',
      source: 'upload:oct.csv',
      rowsRead: 5,
      rowsIngested: 2,
      rowsRejected: 2,
      rowsUnattributed: 1,
      unattributedUsd: 3,
      months: ['aws:2026-10'],
    });
    expect(upload.body.errors.map((e: any) => e.line)).toEqual([3, 4]);
    expect(upload.body.errors[0].message).toMatch(/EffectiveCost/);
    expect(upload.body.errors[1].message).toMatch(/BillingCurrency/);

    const res = await request(server)
      .get(`/api/cost/entities/${ORDERS}`)
      .set('Authorization', asTom);
    // Recorded now, after October: no estimate was in force then.
    expect(res.body.actuals).toEqual([
      {
        month: '2026-10',
        actualUsd: 412.75,
        byEnvironment: { dev: 12.25, prod: 400.5 },
        coveredUntil: expect.stringMatching(/^2026-11-01T00:00:00/),
        diverged: false,
      },
    ]);
  });

  it('refuses a file that is not FOCUS as a whole and writes nothing', async () => {
    const server = await start();
    const res = await request(server)
      .post('/api/cost/actuals/focus?source=invoice.csv')
      .set('Authorization', asTom)
      .set('Content-Type', 'text/csv')
      .send('Date,Amount\n2026-10-01,100\n');
    expect([res.status, res.body.error?.message]).toEqual([
      400,
      expect.stringMatching(/EffectiveCost/),
    ]);
    const ingests = await request(server)
      .get('/api/cost/actuals/ingests')
      .set('Authorization', asTom);
    expect(ingests.body.items).toEqual([
      expect.objectContaining({
        status: 'failed',
        source: 'upload:invoice.csv',
      }),
    ]);
  });

  it('answers 400 naming the field of a bad record request', async () => {
    const server = await start();
    const res = await request(server)
      .post(`/api/cost/entities/${ORDERS}/estimates`)
      .set('Authorization', asScaffolder)
      .send({
        request: ordersRequest,
        cause: { kind: 'task', taskId: 'x; drop' },
      });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('cause.taskId');
    const both = await request(server)
      .post(`/api/cost/entities/${ORDERS}/estimates`)
      .set('Authorization', asScaffolder)
      .send({ cause: { kind: 'api' } });
    expect(both.status).toBe(400);
    expect(both.body.error.message).toContain('plans');
  });

  it('refuses callers without the permission (403) and anonymous ones (401)', async () => {
    const server = await start(AuthorizeResult.DENY);
    for (const [method, path] of [
      ['get', `/api/cost/entities/${ORDERS}`],
      ['get', '/api/cost/groups/group%3Adefault%2Fpayments'],
      ['post', `/api/cost/entities/${ORDERS}/estimates`],
      ['post', '/api/cost/actuals/focus'],
      ['get', '/api/cost/actuals/ingests'],
    ] as const) {
      const denied = await request(server)
        [method](path)
        .set('Authorization', asTom);
      expect([path, denied.status]).toEqual([path, 403]);
      const anonymous = await request(server)[method](path);
      expect([path, anonymous.status]).toEqual([path, 401]);
    }
  });
});
