import { canonicalJson } from './canonicalJson';
import { REDACTED, redactSecrets, redactUrlPath, sanitizeMeta } from './redact';

describe('redactSecrets', () => {
  it('replaces secret-named keys at any depth, whatever their case', () => {
    expect(
      redactSecrets({
        user: 'tom',
        token: 'abc',
        nested: {
          Password: 'hunter2',
          GITHUB_TOKEN: 'ghp_x',
          apiKey: 'k',
          'api-key': 'k',
          private_key: '-----BEGIN',
          headers: { Authorization: 'x', Cookie: 'c', accept: 'json' },
        },
        list: [{ clientSecret: 's', name: 'ok' }],
      }),
    ).toEqual({
      user: 'tom',
      token: REDACTED,
      nested: {
        Password: REDACTED,
        GITHUB_TOKEN: REDACTED,
        apiKey: REDACTED,
        'api-key': REDACTED,
        private_key: REDACTED,
        headers: { Authorization: REDACTED, Cookie: REDACTED, accept: 'json' },
      },
      list: [{ clientSecret: REDACTED, name: 'ok' }],
    });
  });

  it('replaces the secrets of a scaffolder task wholesale', () => {
    const task = {
      templateRef: 'template:default/node-http-service',
      secrets: { backstageToken: 'eyJ...', custom: { deep: 'x' } },
      parameters: { name: 'orders' },
    };
    expect(redactSecrets(task)).toEqual({
      templateRef: 'template:default/node-http-service',
      secrets: REDACTED,
      parameters: { name: 'orders' },
    });
  });

  it('redacts bearer tokens, JWTs and URL passwords under harmless keys', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0b20ifQ.c2lnbmF0dXJl';
    expect(
      redactSecrets({
        header: 'Bearer abc.def',
        value: jwt,
        repo: 'https://tom:s3cr3t@git.example.com/org/repo.git',
        plain: 'https://git.example.com/org/repo.git',
      }),
    ).toEqual({
      header: REDACTED,
      value: REDACTED,
      repo: `https://tom:${REDACTED}@git.example.com/org/repo.git`,
      plain: 'https://git.example.com/org/repo.git',
    });
  });

  it('makes exotic values storable', () => {
    const cyclic: Record<string, unknown> = { name: 'a' };
    cyclic.self = cyclic;
    expect(
      redactSecrets({
        when: new Date('2026-03-01T00:00:00Z'),
        error: new TypeError('bad token Bearer xyz'),
        big: BigInt(10),
        fn: () => 1,
        nan: NaN,
        cyclic,
      }),
    ).toEqual({
      when: '2026-03-01T00:00:00.000Z',
      error: { name: 'TypeError', message: 'bad token Bearer xyz' },
      big: '10',
      nan: 'NaN',
      cyclic: { name: 'a', self: '[Circular]' },
    });
  });
});

describe('redactUrlPath', () => {
  it('redacts secret query parameters only', () => {
    expect(
      redactUrlPath(
        '/api/catalog/entities?token=abc&filter=kind%3Dcomponent&api_key=k',
      ),
    ).toBe(
      `/api/catalog/entities?token=${encodeURIComponent(
        REDACTED,
      )}&filter=kind%3Dcomponent&api_key=${encodeURIComponent(REDACTED)}`,
    );
    expect(redactUrlPath('/api/catalog/entities')).toBe(
      '/api/catalog/entities',
    );
  });
});

describe('sanitizeMeta', () => {
  it('keeps small metadata, redacted', () => {
    expect(sanitizeMeta({ a: 1, password: 'p' })).toEqual({
      a: 1,
      password: REDACTED,
    });
    expect(sanitizeMeta({})).toBeUndefined();
    expect(sanitizeMeta(undefined)).toBeUndefined();
  });

  it('replaces huge metadata with a marker naming its size and keys', () => {
    const huge = { files: 'x'.repeat(20_000), name: 'orders' };
    const size = Buffer.byteLength(canonicalJson(huge));
    expect(sanitizeMeta(huge)).toEqual({
      truncated: true,
      originalBytes: size,
      keys: ['files', 'name'],
    });
    // The bound is configurable and measured after redaction.
    expect(sanitizeMeta({ token: 'x'.repeat(500) }, 100)).toEqual({
      token: REDACTED,
    });
  });
});
