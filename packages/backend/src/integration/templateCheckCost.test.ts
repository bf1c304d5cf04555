import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import costPlugin from '@pave/plugin-cost-backend';
import { workloadFromWizard } from '@pave/plugin-infra-common';
import policyPlugin from '@pave/plugin-policy-backend';
import { testCatalogEntities } from '@pave/plugin-policy-node/testUtils';
import request from 'supertest';
import { testPluginConfig as config } from './__testUtils__/pluginBackends';

/*
 * The template check with the real cost plugin beside the policy plugin:
 * budgets as policy, and the check without the cost plugin.
 */
const tom = 'user:default/tom.becker';
const asTom = mockCredentials.user.header(tom);

const resources = [{ name: 'db', type: 'postgres', size: 'small' }] as const;
const wizard = {
  template: 'service-with-database',
  name: 'orders',
  owner: 'group:default/payments',
  system: 'system:default/payments-platform',
  dataClassification: 'internal',
  resources,
  environments: ['dev', 'prod'],
};

/** payments, with its cost centre and the budget annotations given. */
function payments(budgets: Record<string, string> = {}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: 'payments',
      namespace: 'default',
      annotations: { 'pave.dev/cost-center': 'CC-2100', ...budgets },
    },
    spec: { type: 'team', children: [] },
  };
}

/** A service payments already owns; it costs what its recorded estimate says. */
const ledger: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-ledger', namespace: 'default' },
  spec: { type: 'service', owner: 'group:default/payments' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/payments' }],
};

async function start(options: {
  budgets?: Record<string, string>;
  /** Whether the real cost plugin runs next to the policy plugin. */
  cost: boolean;
}) {
  const entities = [
    ...testCatalogEntities.filter(e => e.metadata.name !== 'payments'),
    payments(options.budgets),
    ledger,
  ];
  const { server } = await startTestBackend({
    features: [
      policyPlugin,
      ...(options.cost ? [costPlugin] : []),
      catalogServiceMock.factory({ entities }),
      mockServices.rootConfig.factory({ data: config }),
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      mockServices.userInfo.mock({
        getUserInfo: async () => ({
          userEntityRef: tom,
          ownershipEntityRefs: [tom, 'group:default/payments'],
        }),
      }).factory,
    ],
  });
  return server;
}

async function check(server: Awaited<ReturnType<typeof start>>) {
  const res = await request(server)
    .post('/api/policy/template-check')
    .set('Authorization', asTom)
    .send(wizard);
  expect(res.status).toBe(200);
  return res.body;
}

const policyIds = (body: any) =>
  body.violations.map((v: any) => [v.policyId, v.field]);

/**
 * What `orders` costs a month, priced by the real cost plugin, so the
 * budgets below follow the pricing files. The first backend loads both
 * plugins' modules, which takes a while on a busy machine.
 */
let estimateUsd: number;
beforeAll(async () => {
  const body = await check(await start({ cost: true }));
  estimateUsd = body.cost.estimate?.monthlyUsd;
  if (!(estimateUsd > 1)) {
    throw new Error(
      `no usable estimate for orders: ${JSON.stringify(body.cost)}`,
    );
  }
}, 60_000);

describe('POST /template-check with the cost plugin', () => {
  it("denies a service that costs more than the team's budget, with the estimate beside the verdict", async () => {
    const budget = Math.floor(estimateUsd / 2);
    const body = await check(
      await start({
        cost: true,
        budgets: { 'pave.dev/monthly-budget-usd': String(budget) },
      }),
    );
    expect(body.decision).toBe('deny');
    expect(policyIds(body)).toEqual([['team-monthly-budget', 'resources']]);
    expect(body.cost.error).toBeUndefined();
    expect(body.cost.estimate).toMatchObject({
      currency: 'USD',
      monthlyUsd: estimateUsd,
      environments: [
        expect.objectContaining({ environment: 'dev' }),
        expect.objectContaining({ environment: 'prod' }),
      ],
      budget: {
        status: {
          groupRef: 'group:default/payments',
          // A fresh cost plugin has recorded nothing the team owns.
          total: { budgetUsd: budget, ownedUsd: 0, remainingUsd: budget },
          unestimated: 1,
        },
        withinBudget: false,
        exceeds: ['total'],
      },
    });
  });

  it('allows a service that fits in the budget', async () => {
    const body = await check(
      await start({
        cost: true,
        budgets: { 'pave.dev/monthly-budget-usd': String(estimateUsd * 10) },
      }),
    );
    expect(body.decision).toBe('allow');
    expect(body.violations).toEqual([]);
    expect(body.cost.estimate.budget.withinBudget).toBe(true);
  });

  it('judges what is left after what the team already owns', async () => {
    // Room for orders alone, not for orders next to a ledger that costs as much.
    const server = await start({
      cost: true,
      budgets: {
        'pave.dev/monthly-budget-usd': String(Math.ceil(estimateUsd * 1.5)),
      },
    });
    expect((await check(server)).decision).toBe('allow');

    const recorded = await request(server)
      .post(
        `/api/cost/entities/${encodeURIComponent(
          'component:default/payments-ledger',
        )}/estimates`,
      )
      .set('Authorization', mockCredentials.service.header())
      .send({
        request: {
          workload: workloadFromWizard('payments-ledger', resources),
          ownership: { owner: 'group:default/payments', costCenter: 'CC-2100' },
          environments: wizard.environments,
        },
        cause: { kind: 'api', detail: 'test' },
      });
    expect(recorded.status).toBe(201);

    const body = await check(server);
    expect(body.decision).toBe('deny');
    expect(policyIds(body)).toEqual([['team-monthly-budget', 'resources']]);
    expect(body.cost.estimate.budget.status.total.ownedUsd).toBeCloseTo(
      estimateUsd,
      2,
    );
  });

  it("denies an environment type over that type's budget, not the total", async () => {
    const body = await check(
      await start({
        cost: true,
        budgets: {
          'pave.dev/monthly-budget-usd': String(estimateUsd * 10),
          'pave.dev/monthly-budget-usd.prod': '1',
          'pave.dev/monthly-budget-usd.dev': String(estimateUsd * 10),
        },
      }),
    );
    expect(body.decision).toBe('deny');
    expect(policyIds(body)).toEqual([['environment-type-budget', 'resources']]);
    expect(body.cost.estimate.budget.exceeds).toEqual(['prod']);
  });

  it('judges no budget for a team without one, and still shows the estimate', async () => {
    const body = await check(await start({ cost: true }));
    expect(body.decision).toBe('allow');
    expect(body.cost.estimate.monthlyUsd).toBe(estimateUsd);
    expect(body.cost.estimate.budget.status.total).toEqual({ ownedUsd: 0 });
  });
});

describe('POST /template-check without the cost plugin', () => {
  it('still judges, without budget facts, and says why there is no estimate', async () => {
    // A budget no service fits in: only an absent fact keeps it from firing.
    const body = await check(
      await start({
        cost: false,
        budgets: {
          'pave.dev/monthly-budget-usd': '0',
          'pave.dev/monthly-budget-usd.prod': '0',
        },
      }),
    );
    expect(body.decision).toBe('allow');
    expect(body.violations).toEqual([]);
    expect(body.plans).toHaveLength(2);
    expect(body.cost).toEqual({
      error: expect.stringMatching(/^the cost plugin answered 404 Not Found/),
    });
  });
});

describe('POST /evaluate with cost facts', () => {
  const service = {
    type: 'service',
    name: 'orders',
    owner: 'group:default/payments',
    system: 'payments-platform',
    costCenter: 'CC-2100',
    estimatedMonthlyCents: 50_000,
    budgetMonthlyCents: 100_000,
    budgetRemainingCents: 40_000,
  };

  it('judges the budget facts a caller sends', async () => {
    const res = await request(await start({ cost: false }))
      .post('/api/policy/evaluate')
      .set('Authorization', asTom)
      .send({ action: 'template.run', resources: [service] });
    expect(res.status).toBe(200);
    expect(policyIds(res.body)).toEqual([['team-monthly-budget', 'resources']]);
  });

  it('refuses cost facts that are not whole cents, naming the field', async () => {
    const res = await request(await start({ cost: false }))
      .post('/api/policy/evaluate')
      .set('Authorization', asTom)
      .send({
        action: 'template.run',
        resources: [{ ...service, estimatedMonthlyCents: 500.5 }],
      });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /resources\.0\.estimatedMonthlyCents: must be a whole number of cents/,
    );
  });
});
