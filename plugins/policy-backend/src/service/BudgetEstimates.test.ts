import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ResponseError } from '@backstage/errors';
import { CostService } from '@pave/plugin-cost-node';
import { EnvironmentPlan } from '@pave/plugin-infra-common';
import { BudgetEstimates } from './BudgetEstimates';

const plans: EnvironmentPlan[] = [
  {
    environment: 'dev',
    environmentType: 'dev',
    cloud: 'aws',
    region: 'eu-west-1',
    resources: [],
    outputs: [],
  },
];
const owner = 'group:default/payments';

/** The cost service as the cost plugin answers through it. */
function costService(
  estimate: CostService['estimate'],
): CostService & { calls: Parameters<CostService['estimate']>[] } {
  const calls: Parameters<CostService['estimate']>[] = [];
  return {
    calls,
    estimate: (...args) => {
      calls.push(args);
      return estimate(...args);
    },
    recordEstimate: () => Promise.reject(new Error('not used')),
    getEntityCost: () => Promise.reject(new Error('not used')),
    getGroupCost: () => Promise.reject(new Error('not used')),
  };
}

function estimates(cost: CostService, timeoutMs?: number) {
  return new BudgetEstimates({
    cost,
    auth: mockServices.auth({ pluginId: 'policy' }),
    timeoutMs,
  });
}

describe('BudgetEstimates', () => {
  it('asks for the plans and the owner as the policy plugin, with a deadline', async () => {
    const answer = { currency: 'USD', monthlyUsd: 12.5, environments: [] };
    const cost = costService(async () => answer as any);
    await expect(estimates(cost).estimate({ plans, owner })).resolves.toBe(
      answer,
    );
    const [[body, options]] = cost.calls;
    expect(body).toEqual({ plans, owner });
    expect(options.credentials).toEqual(
      mockCredentials.service('plugin:policy'),
    );
    expect(options.signal).toBeInstanceOf(AbortSignal);
  });

  it('says what the cost plugin answered when it refuses, with its message', async () => {
    const refusal = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: {
            name: 'NotAllowedError',
            message: 'You may not estimate costs',
          },
          response: { statusCode: 403 },
        }),
        {
          status: 403,
          statusText: 'Forbidden',
          headers: { 'Content-Type': 'application/json' },
        },
      ),
    );
    const cost = costService(() => Promise.reject(refusal));
    await expect(estimates(cost).estimate({ plans, owner })).rejects.toThrow(
      expect.objectContaining({
        name: 'ServiceUnavailableError',
        message:
          'the cost plugin answered 403 Forbidden: You may not estimate costs',
      }),
    );
  });

  it('says why the cost plugin could not be reached', async () => {
    const cost = costService(() =>
      Promise.reject(
        new TypeError('fetch failed', {
          cause: new Error('connect ECONNREFUSED 127.0.0.1:7007'),
        }),
      ),
    );
    await expect(estimates(cost).estimate({ plans, owner })).rejects.toThrow(
      'the cost plugin could not be reached (connect ECONNREFUSED 127.0.0.1:7007)',
    );
  });

  it('gives up on a cost plugin that does not answer in time', async () => {
    const cost = costService(
      (_body, { signal }) =>
        new Promise((_resolve, reject) =>
          signal?.addEventListener('abort', () => reject(signal.reason)),
        ),
    );
    await expect(
      estimates(cost, 20).estimate({ plans, owner }),
    ).rejects.toThrow('the cost plugin did not answer within 0.02 s');
  });
});
