import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { AuditClient } from './AuditClient';

describe('AuditClient', () => {
  let server: Server;
  let baseUrl: string;
  const urls: Array<string | undefined> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      urls.push(req.url);
      if (req.url?.startsWith('/api/audit/events/export')) {
        res.writeHead(200, { 'content-type': 'application/x-ndjson' });
        res.end('{"seq":1}\n{"seq":2}\n');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ items: [] }));
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  });
  afterAll(() => new Promise(r => server.close(r)));
  beforeEach(() => (urls.length = 0));

  const audit = () =>
    new AuditClient({
      discoveryApi: { getBaseUrl: async id => `${baseUrl}/${id}` },
    });

  it('sends the filters as query parameters, leaving out empty ones', async () => {
    await audit().listEvents({
      entityRef: 'component:default/orders',
      status: 'failed',
      actor: '',
      limit: 20,
    });
    expect(urls).toEqual([
      '/api/audit/events?entityRef=component%3Adefault%2Forders&status=failed&limit=20',
    ]);
  });

  it('streams an export and verifies the chain', async () => {
    const exported = await audit().exportEvents({ plugin: 'cost' });
    expect(await exported.text()).toBe('{"seq":1}\n{"seq":2}\n');
    await audit().verify();
    expect(urls).toEqual([
      '/api/audit/events/export?plugin=cost',
      '/api/audit/verify',
    ]);
  });
});
