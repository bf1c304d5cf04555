import { ResponseError } from '@backstage/errors';
import { CostClient } from './CostClient';
import { errorMessage, isNotFound } from './errorMessage';
import {
  exceededEstimate,
  ordersCost,
  paymentsGroupCost,
} from '../__testUtils__/costs';

describe('CostClient', () => {
  const discoveryApi = {
    getBaseUrl: jest.fn(async () => 'http://localhost:7007/api/cost'),
  };

  function client(response: Response) {
    const fetch = jest.fn(
      async (_url: RequestInfo | URL, _init?: RequestInit) => response,
    );
    return {
      fetch,
      client: new CostClient({ discoveryApi, fetchApi: { fetch } }),
    };
  }

  const json = (body: unknown) =>
    new Response(JSON.stringify(body), {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
    });

  it("asks for an entity's cost with the whole ref as one encoded segment", async () => {
    const { fetch, client: cost } = client(json(ordersCost));

    await expect(
      cost.getEntityCost('component:default/orders'),
    ).resolves.toEqual(ordersCost);
    expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('cost');
    expect(fetch.mock.calls[0][0]).toBe(
      'http://localhost:7007/api/cost/entities/component%3Adefault%2Forders',
    );
  });

  it("asks for a group's cost the same way, escaping what a URL cannot hold", async () => {
    const { fetch, client: cost } = client(json(paymentsGroupCost));

    await cost.getGroupCost('group:team-a/payments & risk');
    expect(fetch.mock.calls[0][0]).toBe(
      'http://localhost:7007/api/cost/groups/group%3Ateam-a%2Fpayments%20%26%20risk',
    );
  });

  it('posts an estimate request as JSON and passes the abort signal on', async () => {
    const { fetch, client: cost } = client(json(exceededEstimate));
    const signal = new AbortController().signal;
    const body = { plans: [], owner: 'group:default/payments' };

    await expect(cost.estimate(body, { signal })).resolves.toEqual(
      exceededEstimate,
    );
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe('http://localhost:7007/api/cost/estimate');
    expect(init).toMatchObject({
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      signal,
    });
    expect(JSON.parse(init!.body as string)).toEqual(body);
  });

  it("rejects with the server's message from a JSON error body", async () => {
    const { client: cost } = client(
      new Response(
        JSON.stringify({
          error: {
            name: 'NotFoundError',
            message: 'component:default/nope is not in the catalog',
          },
          response: { statusCode: 404 },
        }),
        {
          status: 404,
          statusText: 'Not Found',
          headers: { 'Content-Type': 'application/json' },
        },
      ),
    );

    const error = await cost
      .getEntityCost('component:default/nope')
      .catch(e => e);
    expect(ResponseError.is(error)).toBe(true);
    expect(isNotFound(error)).toBe(true);
    expect(errorMessage(error)).toBe(
      'component:default/nope is not in the catalog',
    );
  });

  it('keeps the text of a body that is not a Backstage error', async () => {
    const { client: cost } = client(
      new Response('upstream connect error', {
        status: 503,
        statusText: 'Service Unavailable',
        headers: { 'Content-Type': 'text/plain' },
      }),
    );

    const error = await cost
      .getGroupCost('group:default/payments')
      .catch(e => e);
    expect(isNotFound(error)).toBe(false);
    expect(errorMessage(error)).toBe(
      'Request failed with status 503 Service Unavailable, upstream connect error',
    );
  });
});
