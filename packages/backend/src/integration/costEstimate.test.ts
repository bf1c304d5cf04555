import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { startCostBackend } from '../__testUtils__/testEnvironments';
import { createCostEstimateAction } from './costEstimate';
import { PolicyCheckFetch } from './policyCheck';

const orders: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'orders', namespace: 'default' },
  spec: { type: 'service', owner: 'payments' },
};

const input = {
  entityRef: 'component:default/orders',
  name: 'orders',
  resources: [{ name: 'db', type: 'postgres', size: 'small' }],
  owner: 'group:default/payments',
  costCenter: 'CC-2100',
  environments: ['dev', 'prod'],
};

describe('pave:cost:estimate', () => {
  let discovery: Awaited<ReturnType<typeof startCostBackend>>;
  beforeAll(async () => {
    discovery = await startCostBackend([orders]);
  });

  function run(
    overrides: Record<string, unknown> = {},
    fetchFn?: PolicyCheckFetch,
  ) {
    const action = createCostEstimateAction({
      discovery,
      auth: mockServices.auth(),
      ...(fetchFn ? { fetch: fetchFn } : {}),
    });
    const ctx = createMockActionContext({
      input: { ...input, ...overrides } as any,
    });
    return { ctx, done: action.handler(ctx) };
  }

  it('records the estimate with the task as its cause and logs it per environment', async () => {
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

    const history = await fetch(
      `${await discovery.getBaseUrl()}/entities/${encodeURIComponent(
        input.entityRef,
      )}`,
      { headers: { Authorization: 'Bearer mock-service-token' } },
    ).then(r => r.json());
    expect(history.history).toEqual([
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

  it('only warns when the cost backend cannot be reached: the service exists', async () => {
    const unreachable: PolicyCheckFetch = async () => {
      throw new TypeError('fetch failed');
    };
    const { ctx, done } = run({}, unreachable);
    const warn = jest.spyOn(ctx.logger, 'warn');
    await done;
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('was not recorded (fetch failed)'),
    );
    expect(ctx.output).not.toHaveBeenCalled();
  });
});
