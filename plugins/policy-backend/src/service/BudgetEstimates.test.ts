import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { EnvironmentPlan } from '@pave/plugin-infra-common';
import { CostClient } from './CostClient';

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

function client(fetch: jest.Mock, timeoutMs?: number) {
  return new CostClient({
    discovery: mockServices.discovery(),
    auth: mockServices.auth({ pluginId: 'policy' }),
    fetch,
    timeoutMs,
  });
}

const json = (status: number, body: unknown, statusText = '') =>
  new Response(JSON.stringify(body), {
    status,
    statusText,
    headers: { 'Content-Type': 'application/json' },
  });

describe('CostClient', () => {
  it('posts the plans and the owner to /api/cost/estimate as the policy plugin', async () => {
    const estimate = { currency: 'USD', monthlyUsd: 12.5, environments: [] };
    const fetch = jest.fn(async () => json(200, estimate));
    await expect(client(fetch).estimate({ plans, owner })).resolves.toEqual(
      estimate,
    );
    expect(fetch).toHaveBeenCalledWith(
      'http://localhost:0/api/cost/estimate',
      expect.objectContaining({
        method: 'POST',
        body: JSON.stringify({ plans, owner }),
        signal: expect.any(AbortSignal),
      }),
    );
    const { headers } = (fetch.mock.calls[0] as unknown[])[1] as RequestInit;
    expect(headers).toEqual({
      'Content-Type': 'application/json',
      Authorization: `Bearer ${mockCredentials.service.token({
        onBehalfOf: mockCredentials.service('plugin:policy'),
        targetPluginId: 'cost',
      })}`,
    });
  });

  it('says what the cost plugin answered when it refuses, with its message', async () => {
    const fetch = jest.fn(async () =>
      json(
        403,
        {
          error: {
            name: 'NotAllowedError',
            message: 'You may not estimate costs',
          },
        },
        'Forbidden',
      ),
    );
    await expect(client(fetch).estimate({ plans, owner })).rejects.toThrow(
      expect.objectContaining({
        name: 'ServiceUnavailableError',
        message:
          'the cost plugin answered 403 Forbidden: You may not estimate costs',
      }),
    );
  });

  it('says why the cost plugin could not be reached', async () => {
    const fetch = jest.fn(async () => {
      throw new TypeError('fetch failed', {
        cause: new Error('connect ECONNREFUSED 127.0.0.1:7007'),
      });
    });
    await expect(client(fetch).estimate({ plans, owner })).rejects.toThrow(
      'the cost plugin could not be reached (connect ECONNREFUSED 127.0.0.1:7007)',
    );
  });

  it('gives up on a cost plugin that does not answer in time', async () => {
    const fetch = jest.fn(
      (_url: string, init: RequestInit) =>
        new Promise<Response>((_resolve, reject) =>
          init.signal?.addEventListener('abort', () =>
            reject(init.signal?.reason),
          ),
        ),
    );
    await expect(client(fetch, 20).estimate({ plans, owner })).rejects.toThrow(
      'the cost plugin did not answer within 0.02 s',
    );
  });
});
