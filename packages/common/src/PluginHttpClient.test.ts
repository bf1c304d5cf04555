import { ResponseError } from '@backstage/errors';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { PluginHttpClient, refSegment } from './PluginHttpClient';

describe('PluginHttpClient', () => {
  let server: Server;
  let baseUrl: string;
  const seen: Array<{
    method?: string;
    url?: string;
    authorization?: string;
    contentType?: string;
    body: string;
  }> = [];

  beforeAll(async () => {
    server = createServer(async (req: IncomingMessage, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      seen.push({
        method: req.method,
        url: req.url,
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
        body,
      });
      if (req.url?.startsWith('/api/cost/refused')) {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            error: { name: 'InputError', message: 'plans.0.region: required' },
            response: { statusCode: 400 },
          }),
        );
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true }));
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  });

  afterAll(() => new Promise(r => server.close(r)));
  beforeEach(() => (seen.length = 0));

  const client = () =>
    new PluginHttpClient('cost', {
      discoveryApi: { getBaseUrl: async id => `${baseUrl}/${id}` },
    });

  it('sends JSON with the token and the query, and returns the answer', async () => {
    await expect(
      client().json(
        {
          path: `/entities/${refSegment('component:default/orders')}`,
          query: { limit: 5, cursor: undefined, order: '' },
          body: { a: 1 },
        },
        { token: 'abc' },
      ),
    ).resolves.toEqual({ ok: true });
    expect(seen).toEqual([
      {
        method: 'POST',
        url: '/api/cost/entities/component%3Adefault%2Forders?limit=5',
        authorization: 'Bearer abc',
        contentType: 'application/json',
        body: '{"a":1}',
      },
    ]);
  });

  it('sends a GET without a body or token when there is none', async () => {
    await client().json({ path: '/groups/x' });
    expect(seen[0]).toMatchObject({
      method: 'GET',
      authorization: undefined,
      contentType: undefined,
      body: '',
    });
  });

  it("rejects a refusal with a ResponseError carrying the server's message", async () => {
    const error = await client()
      .json({ path: '/refused', body: {} })
      .then(
        () => undefined,
        (e: ResponseError) => e,
      );
    expect(ResponseError.is(error)).toBe(true);
    expect(error?.statusCode).toBe(400);
    expect(error?.body.error.message).toBe('plans.0.region: required');
  });

  it('uses the fetch it is given (the portal adds the user token there)', async () => {
    const calls: string[] = [];
    const withUser = new PluginHttpClient('cost', {
      discoveryApi: { getBaseUrl: async id => `${baseUrl}/${id}` },
      fetchApi: {
        fetch: (input, init) => {
          calls.push(String(input));
          const headers = {
            ...(init?.headers as object),
            authorization: 'Bearer user',
          };
          return fetch(input, { ...init, headers });
        },
      },
    });
    await withUser.json({ path: '/groups/x' });
    expect(calls).toEqual([`${baseUrl}/cost/groups/x`]);
    expect(seen[0].authorization).toBe('Bearer user');
  });

  it('stops when the signal aborts', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      client().json({ path: '/groups/x' }, { signal: controller.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' });
  });
});
