import { normalizeEntityRef } from './entityRef';
import { auditEventsQuerySchema } from './query';

describe('normalizeEntityRef', () => {
  it('normalizes to kind:namespace/name in lowercase', () => {
    expect(normalizeEntityRef('Component:Default/Orders')).toBe(
      'component:default/orders',
    );
    expect(normalizeEntityRef('component:orders')).toBe(
      'component:default/orders',
    );
    expect(normalizeEntityRef('orders')).toBeUndefined();
    expect(normalizeEntityRef('component:a/b/c')).toBeUndefined();
    expect(normalizeEntityRef('https://x/y')).toBeUndefined();
  });
});

describe('auditEventsQuerySchema', () => {
  it('applies defaults and normalizes the entity ref', () => {
    expect(
      auditEventsQuerySchema.parse({
        entityRef: 'Component:Orders',
        limit: '20',
      }),
    ).toEqual({
      entityRef: 'component:default/orders',
      limit: 20,
      order: 'desc',
    });
  });

  it.each([
    [{ status: 'done' }, 'status'],
    [{ limit: '0' }, 'limit'],
    [{ limit: '2.5' }, 'limit'],
    [{ from: '2026-03-01' }, 'from'],
    [{ from: '2026-03-02T00:00:00Z', to: '2026-03-01T00:00:00Z' }, 'to'],
    [{ plugin: 'a b' }, 'plugin'],
    [{ cursor: 'a=b' }, 'cursor'],
  ])('refuses %j naming %s', (query, path) => {
    const result = auditEventsQuerySchema.safeParse(query);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].path).toEqual([path]);
  });

  it('refuses unknown parameters instead of ignoring the filter', () => {
    const result = auditEventsQuerySchema.safeParse({ entity: 'component:x' });
    expect(result.error?.issues[0]).toMatchObject({
      code: 'unrecognized_keys',
      keys: ['entity'],
    });
  });
});
