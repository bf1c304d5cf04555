import { ResponseError } from '@backstage/errors';
import { PolicyClient } from './PolicyClient';

describe('PolicyClient', () => {
  const discoveryApi = {
    getBaseUrl: jest.fn(async () => 'http://localhost:7007/api/policy'),
  };

  function client(response: Response) {
    const fetch = jest.fn(
      async (_url: RequestInfo | URL, _init?: RequestInit) => response,
    );
    return {
      fetch,
      client: new PolicyClient({ discoveryApi, fetchApi: { fetch } }),
    };
  }

  it('posts a template check as JSON and passes the abort signal on', async () => {
    const answer = { decision: 'allow', plans: [] };
    const { fetch, client: policy } = client(
      new Response(JSON.stringify(answer), { status: 200 }),
    );
    const signal = new AbortController().signal;
    const body = {
      template: 'node-http-service',
      name: 'orders',
      owner: 'group:default/payments',
      environments: ['dev'],
    };

    await expect(policy.templateCheck(body, { signal })).resolves.toEqual(
      answer,
    );
    expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('policy');
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe('http://localhost:7007/api/policy/template-check');
    expect(init).toMatchObject({
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      signal,
    });
    expect(JSON.parse(init!.body as string)).toEqual(body);
  });

  it('asks for the compliance of an entity by its ref, encoded', async () => {
    const { fetch, client: policy } = client(
      new Response('{}', { status: 200 }),
    );
    await policy.compliance('component:default/payments gateway');
    expect(fetch.mock.calls[0][0]).toBe(
      'http://localhost:7007/api/policy/compliance/component/default/payments%20gateway',
    );
  });

  it('takes a reload that did not validate as an answer, not an error', async () => {
    const answer = {
      loaded: false,
      errors: ['budgets.cedar:3:1: unexpected token'],
    };
    const { fetch, client: policy } = client(
      new Response(JSON.stringify(answer), { status: 422 }),
    );
    await expect(policy.reload({ token: 'platform' })).resolves.toEqual(answer);
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe('http://localhost:7007/api/policy/reload');
    expect(init).toMatchObject({
      method: 'POST',
      headers: { Authorization: 'Bearer platform' },
    });
  });

  it("rejects with the server's error", async () => {
    const { client: policy } = client(
      new Response(
        JSON.stringify({
          error: {
            name: 'NotFoundError',
            message:
              'template: template:default/nope is not in the catalog, or you may not see it',
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
    const error = await policy.listPolicies().catch(e => e);
    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(404);
    expect(error.body.error.message).toMatch(/template:default\/nope is not/);
  });
});
