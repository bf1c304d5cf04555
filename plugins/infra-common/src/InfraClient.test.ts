import { ResponseError } from '@backstage/errors';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { InfraClient } from './InfraClient';

describe('InfraClient', () => {
  let server: Server;
  let baseUrl: string;
  const seen: Array<{ url?: string; body: string; authorization?: string }> =
    [];

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      seen.push({
        url: req.url,
        body,
        authorization: req.headers.authorization,
      });
      if (JSON.parse(body).environments?.includes('moon')) {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            error: {
              name: 'InputError',
              message: 'environments.0: unknown environment "moon"',
            },
            // As Backstage's error handler answers.
            request: { method: 'POST', url: '/api/infra/plan' },
            response: { statusCode: 400 },
          }),
        );
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ environments: [] }));
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  });
  afterAll(() => new Promise(r => server.close(r)));

  const infra = () =>
    new InfraClient({
      discoveryApi: { getBaseUrl: async id => `${baseUrl}/${id}` },
    });
  const body = {
    workload: {
      apiVersion: 'score.dev/v1b1' as const,
      metadata: { name: 'orders' },
      containers: { main: { image: 'orders:1' } },
      resources: {},
    },
    ownership: { owner: 'group:default/payments', costCenter: 'CC-2100' },
    environments: ['dev'],
  };

  it('posts the request to /plan and /synth with the token', async () => {
    await infra().plan(body, { token: 'cli' });
    await infra().synth(body);
    expect(seen.map(s => [s.url, s.authorization])).toEqual([
      ['/api/infra/plan', 'Bearer cli'],
      ['/api/infra/synth', undefined],
    ]);
    expect(JSON.parse(seen[0].body)).toEqual(body);
  });

  it("rejects with the server's message naming the field", async () => {
    const error = await infra()
      .plan({ ...body, environments: ['moon'] })
      .then(
        () => undefined,
        (e: ResponseError) => e,
      );
    expect(error?.body.error.message).toBe(
      'environments.0: unknown environment "moon"',
    );
  });
});
