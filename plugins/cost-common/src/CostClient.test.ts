import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { gunzipSync, gzipSync } from 'node:zlib';
import { CostClient } from './CostClient';

/** Every request the cost "backend" saw: method, URL, headers, body. */
interface Seen {
  method?: string;
  url?: string;
  authorization?: string;
  encoding?: string;
  body: Buffer;
}

describe('CostClient', () => {
  let server: Server;
  let baseUrl: string;
  const seen: Seen[] = [];

  beforeAll(async () => {
    server = createServer(async (req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      seen.push({
        method: req.method,
        url: req.url,
        authorization: req.headers.authorization,
        encoding: req.headers['content-encoding'],
        body: Buffer.concat(chunks),
      });
      res.writeHead(req.method === 'POST' ? 201 : 200, {
        'content-type': 'application/json',
      });
      res.end(JSON.stringify({ answered: req.url }));
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  });
  afterAll(() => new Promise(r => server.close(r)));
  beforeEach(() => (seen.length = 0));

  const client = () =>
    new CostClient({
      discoveryApi: { getBaseUrl: async id => `${baseUrl}/${id}` },
    });
  const json = (s: Seen) => JSON.parse(s.body.toString('utf8'));

  it('posts plans or a workload request to /estimate', async () => {
    const plansBody = { plans: [], owner: 'group:default/payments' };
    await client().estimate(plansBody, { token: 'cli-token' });
    expect(seen[0]).toMatchObject({
      method: 'POST',
      url: '/api/cost/estimate',
      authorization: 'Bearer cli-token',
    });
    expect(json(seen[0])).toEqual(plansBody);
  });

  it('reads an entity and a team with the whole ref as one segment', async () => {
    await client().getEntityCost('component:default/orders');
    await client().getGroupCost('group:default/payments');
    expect(seen.map(s => [s.method, s.url])).toEqual([
      ['GET', '/api/cost/entities/component%3Adefault%2Forders'],
      ['GET', '/api/cost/groups/group%3Adefault%2Fpayments'],
    ]);
  });

  it('records an estimate with its cause', async () => {
    const body = {
      plans: [],
      cause: { kind: 'task' as const, taskId: 't-1' },
    };
    await expect(
      client().recordEstimate('component:default/orders', body),
    ).resolves.toEqual({
      answered: '/api/cost/entities/component%3Adefault%2Forders/estimates',
    });
    expect(seen[0].method).toBe('POST');
    expect(json(seen[0])).toEqual(body);
  });

  it('uploads a FOCUS export as it is, gzipped when it says so', async () => {
    const csv = 'BillingCurrency,EffectiveCost\nUSD,1\n';
    await client().ingestFocus({ body: csv, source: 'aws-2026-10.csv' });
    await client().ingestFocus({
      body: gzipSync(csv),
      gzip: true,
      source: 'aws.csv.gz',
    });
    await client().listIngests();
    expect(seen.map(s => [s.method, s.url, s.encoding])).toEqual([
      ['POST', '/api/cost/actuals/focus?source=aws-2026-10.csv', undefined],
      ['POST', '/api/cost/actuals/focus?source=aws.csv.gz', 'gzip'],
      ['GET', '/api/cost/actuals/ingests', undefined],
    ]);
    expect(seen[0].body.toString('utf8')).toBe(csv);
    expect(gunzipSync(seen[1].body).toString('utf8')).toBe(csv);
  });
});
