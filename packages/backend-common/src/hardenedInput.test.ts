import express from 'express';
import { AddressInfo } from 'net';
import Router from 'express-promise-router';
import request from 'supertest';
import { REQUEST_TEXT_LIMITS, hardenedInput } from './hardenedInput';

/** A router as the plugins build it, echoing what reached the route. */
function app(jsonLimit = '1mb') {
  const router = Router();
  router.use(hardenedInput({ jsonLimit }));
  const reached: unknown[] = [];
  router.get('/things/:ref', (req, res) => {
    reached.push(req.params.ref);
    res.json({ ref: req.params.ref, query: req.query });
  });
  router.post('/things', (req, res) => {
    reached.push(req.body);
    res.status(201).json(req.body);
  });
  const server = express();
  server.use('/api/test', router);
  // Backstage's error middleware answers an InputError with a 400 the same way.
  server.use(
    (
      error: Error & { status?: number },
      _req: express.Request,
      res: express.Response,
      _next: express.NextFunction,
    ) => {
      const status = error.name === 'InputError' ? 400 : error.status ?? 500;
      res
        .status(status)
        .json({ error: { name: error.name, message: error.message } });
    },
  );
  return { server, reached };
}

describe('hardenedInput', () => {
  it('passes ordinary and awkward-but-valid text through unchanged', async () => {
    const { server } = app();
    const text =
      'Refund "instant" € payments\t${var.x} ../etc ‮ 👩‍💻\r\nnext line';
    const post = await request(server).post('/api/test/things').send({ text });
    expect(post.status).toBe(201);
    expect(post.body.text).toBe(text);

    const get = await request(server)
      .get(`/api/test/things/${encodeURIComponent('component:default/a b')}`)
      .query({ entityRef: 'component:default/x', q: '${{ values }}' });
    expect(get.status).toBe(200);
    expect(get.body).toEqual({
      ref: 'component:default/a b',
      query: { entityRef: 'component:default/x', q: '${{ values }}' },
    });
  });

  it.each([
    [
      'a NUL in a body string',
      { a: { b: ['ok', 'nul\u0000'] } },
      'body.a.b[1]',
      'U+0000',
    ],
    [
      'an escape in a body string',
      { description: 'x\u001b[31m' },
      'body.description',
      'U+001B',
    ],
    ['a C1 control', { description: 'x\u0085y' }, 'body.description', 'U+0085'],
    [
      'a lone surrogate',
      { description: 'x\ud800y' },
      'body.description',
      'lone surrogate',
    ],
    ['a control character in a key', { ['k\u0007']: 1 }, 'body', 'every key'],
    [
      'an oversize string',
      { big: 'x'.repeat(REQUEST_TEXT_LIMITS.bodyString + 1) },
      'body.big',
      'at most',
    ],
    ['a strange key', { 'a b': 'c\u0001' }, 'body["a b"]', 'U+0001'],
  ])('refuses %s, naming where it is', async (_what, body, field, rule) => {
    const { server, reached } = app();
    const res = await request(server)
      .post('/api/test/things')
      .set('content-type', 'application/json')
      .send(JSON.stringify(body));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(`${field}: `);
    expect(res.body.error.message).toContain(rule);
    expect(reached).toEqual([]);
  });

  it('refuses a body that is not UTF-8 instead of decoding it loosely', async () => {
    const { server, reached } = app();
    // supertest would serialize a Buffer as JSON; send the bytes as they are.
    const listening = server.listen(0, '127.0.0.1');
    await new Promise(resolve => listening.once('listening', resolve));
    try {
      const { port } = listening.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/api/test/things`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        // {"a":"<0xff 0xfe>"}
        body: Buffer.from([
          0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d,
        ]),
      });
      expect(res.status).toBe(400);
      expect((await res.json()).error.message).toBe(
        'body: must be valid UTF-8',
      );
      expect(reached).toEqual([]);
    } finally {
      listening.close();
    }
  });

  it('refuses nesting past the limit without using the stack', async () => {
    const { server } = app();
    const depth = 10_000;
    const res = await request(server)
      .post('/api/test/things')
      .set('content-type', 'application/json')
      .send(`${'['.repeat(depth)}${']'.repeat(depth)}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/must not be nested deeper than 64/);
  });

  it('leaves the body size to the body limit: 413', async () => {
    const res = await request(app('64kb').server)
      .post('/api/test/things')
      .send({ big: 'x'.repeat(70_000) });
    expect(res.status).toBe(413);
  });

  it.each([
    ['/api/test/things/a%00b', 'path segment "a%00b"', 'U+0000'],
    ['/api/test/things/a%ffb', 'path segment "a%ffb"', 'valid UTF-8'],
    ['/api/test/things/x?entityRef=a%0Ab', 'query.entityRef', 'U+000A'],
    ['/api/test/things/x?entityRef=%E2%82', 'query.entityRef', 'valid UTF-8'],
    ['/api/test/things/x?filter[kind]=a%1b', 'query.filter[kind]', 'U+001B'],
    ['/api/test/things/x?k%00=1', 'query parameter "k%00"', 'U+0000'],
    [
      `/api/test/things/x?q=${'a'.repeat(REQUEST_TEXT_LIMITS.query + 1)}`,
      'query.q',
      'at most 2048',
    ],
  ])('refuses a URL (case %#)', async (url, field, rule) => {
    const { server, reached } = app();
    const res = await request(server).get(url);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(`${field}: `);
    expect(res.body.error.message).toContain(rule);
    expect(reached).toEqual([]);
  });
});
