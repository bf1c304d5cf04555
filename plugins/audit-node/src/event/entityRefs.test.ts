import { extractEntityRefs, MAX_ENTITY_REFS } from './entityRefs';

describe('extractEntityRefs', () => {
  it('finds the refs a scaffolder task names in its metadata', () => {
    expect(
      extractEntityRefs({
        templateRef: 'template:default/node-http-service',
        createdBy: 'user:default/tom.becker',
        output: { entityRef: 'Component:default/Orders' },
        taskParameters: { owner: 'group:default/payments', name: 'orders' },
      }),
    ).toEqual([
      'template:default/node-http-service',
      'user:default/tom.becker',
      'component:default/orders',
      'group:default/payments',
    ]);
  });

  it('finds the entity a request path addresses', () => {
    expect(
      extractEntityRefs(
        { queryType: 'by-name' },
        '/api/catalog/entities/by-name/component/default/x',
      ),
    ).toEqual(['component:default/x']);
    expect(
      extractEntityRefs(
        undefined,
        '/api/policy/compliance/component/default/orders',
      ),
    ).toEqual(['component:default/orders']);
    expect(
      extractEntityRefs(
        undefined,
        '/api/techdocs/static/docs/default/component/orders/index.html',
      ),
    ).toEqual(['component:default/orders']);
    expect(
      extractEntityRefs(
        undefined,
        '/api/cost/estimates?entityRef=component%3Adefault%2Forders',
      ),
    ).toEqual(['component:default/orders']);
  });

  it('finds entities embedded as objects', () => {
    expect(
      extractEntityRefs({
        entity: {
          kind: 'Resource',
          metadata: { name: 'orders-db', namespace: 'prod' },
        },
      }),
    ).toEqual(['resource:prod/orders-db']);
  });

  it('ignores strings that only look like refs', () => {
    expect(
      extractEntityRefs({
        digest: 'sha256:abc',
        url: 'https://example.com/a/b',
        sentence: 'Registered component:default/x today',
        bare: 'component:x',
        time: '2026-03-01T10:00:00.000Z',
      }),
    ).toEqual([]);
  });

  it('keeps at most MAX_ENTITY_REFS, deduplicated', () => {
    const refs = Array.from(
      { length: 300 },
      (_, i) => `component:default/c${i % 150}`,
    );
    const found = extractEntityRefs({ refs });
    expect(found).toHaveLength(MAX_ENTITY_REFS);
    expect(new Set(found).size).toBe(MAX_ENTITY_REFS);
  });
});
