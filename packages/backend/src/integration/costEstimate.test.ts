import { Entity } from '@backstage/catalog-model';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { CostService, createCostService } from '@pave/plugin-cost-node';
import { createCostEstimateAction } from '@pave/plugin-scaffolder-backend-module-pave';
import {
  startPolicyAndCost,
  testInfraService,
} from './__testUtils__/pluginBackends';

/*
 * pave:cost:estimate against the real cost plugin over the repository's
 * pricing/, through costServiceRef's client.
 */

const orders: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'orders', namespace: 'default' },
  spec: { type: 'service', owner: 'payments' },
};

/** What pave:infra:synth outputs for a Postgres database in dev and prod. */
const plans = testInfraService().plan({
  workload: {
    apiVersion: 'score.dev/v1b1',
    metadata: { name: 'orders' },
    containers: {
      main: {
        image: 'orders:1.0.0',
        resources: { requests: { cpu: '250m', memory: '256Mi' } },
      },
    },
    resources: { db: { type: 'postgres', class: 'small' } },
  },
  ownership: { owner: 'group:default/payments', costCenter: 'CC-2100' },
  environments: ['dev', 'prod'],
});

const input = { entityRef: 'component:default/orders', plans };

describe('pave:cost:estimate', () => {
  let backends: Awaited<ReturnType<typeof startPolicyAndCost>>;
  beforeAll(async () => {
    backends = await startPolicyAndCost([orders]);
  });

  function run(overrides: Record<string, unknown> = {}, cost?: CostService) {
    const action = createCostEstimateAction({
      cost: cost ?? backends.cost,
      auth: backends.auth,
    });
    const ctx = createMockActionContext({
      input: { ...input, ...overrides } as any,
    });
    return { ctx, done: action.handler(ctx) };
  }

  it('records the estimate of the plans with the task as its cause and logs it per environment', async () => {
    const { ctx, done } = run();
    const info = jest.spyOn(ctx.logger, 'info');
    await done;
    expect(ctx.output).toHaveBeenCalledWith('complete', true);
    const [[, monthlyUsd]] = (ctx.output as jest.Mock).mock.calls.filter(
      ([name]) => name === 'monthlyUsd',
    );
    expect(monthlyUsd).toBeGreaterThan(0);
    expect(info).toHaveBeenCalledWith(
      expect.stringMatching(/^prod \(prod\): \$[\d,.]+\/month$/),
    );

    const cost = await backends.cost.getEntityCost(input.entityRef, {
      credentials: await backends.auth.getOwnServiceCredentials(),
    });
    expect(cost.history).toEqual([
      expect.objectContaining({
        monthlyUsd,
        cause: { kind: 'task', taskId: ctx.task.id },
      }),
    ]);
  });

  it('fails the step when the entity is not in the catalog', async () => {
    const { done } = run({ entityRef: 'component:default/ghost' });
    await expect(done).rejects.toThrow(
      /Cost estimate refused: component:default\/ghost is not in the catalog/,
    );
  });

  it('refuses plans that are not plans, naming the field', async () => {
    const { done } = run({ plans: [{ environment: 'dev' }] });
    await expect(done).rejects.toThrow(/Invalid plans: 0\.environmentType/);
  });

  it('only warns when the cost backend cannot be reached: the service exists', async () => {
    const unreachable = createCostService({
      auth: backends.auth,
      // Nothing listens on port 9 of the loopback.
      discovery: { getBaseUrl: async () => 'http://127.0.0.1:9/api/cost' },
    });
    const { ctx, done } = run({}, unreachable);
    const warn = jest.spyOn(ctx.logger, 'warn');
    await done;
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('was not recorded (fetch failed)'),
    );
    expect(ctx.output).not.toHaveBeenCalled();
  });
});
