import { ExpiringCache } from './ExpiringCache';

function setup(options: { maxEntries?: number } = {}) {
  let now = 1_000_000;
  const cache = new ExpiringCache<string>({
    ttlMs: 10_000,
    now: () => now,
    ...options,
  });
  const loads: string[] = [];
  const load = (key: string) => async () => {
    loads.push(key);
    return `${key}@${now}`;
  };
  return { cache, loads, load, advance: (ms: number) => (now += ms) };
}

describe('ExpiringCache', () => {
  it('loads a key once while its answer is fresh, and again after', async () => {
    const { cache, loads, load, advance } = setup();
    await expect(cache.get('a', load('a'))).resolves.toBe('a@1000000');
    advance(9_999);
    await expect(cache.get('a', load('a'))).resolves.toBe('a@1000000');
    advance(2);
    await expect(cache.get('a', load('a'))).resolves.toBe('a@1010001');
    expect(loads).toEqual(['a', 'a']);
  });

  it('shares a load in flight between concurrent callers', async () => {
    const { cache, loads, load } = setup();
    await Promise.all([cache.get('a', load('a')), cache.get('a', load('a'))]);
    expect(loads).toEqual(['a']);
  });

  it('does not keep a failure', async () => {
    const { cache, loads, load } = setup();
    await expect(
      cache.get('a', () => Promise.reject(new Error('catalog down'))),
    ).rejects.toThrow('catalog down');
    await expect(cache.get('a', load('a'))).resolves.toBe('a@1000000');
    expect(loads).toEqual(['a']);
  });

  it('keeps at most maxEntries keys, dropping the oldest', async () => {
    const { cache, loads, load } = setup({ maxEntries: 2 });
    for (const key of ['a', 'b', 'c', 'c', 'a']) {
      await cache.get(key, load(key));
    }
    expect(loads).toEqual(['a', 'b', 'c', 'a']);
  });

  it('keeps nothing with a ttl of 0', async () => {
    const cache = new ExpiringCache<number>({ ttlMs: 0 });
    let calls = 0;
    await cache.get('a', async () => ++calls);
    await cache.get('a', async () => ++calls);
    expect(calls).toBe(2);
  });
});
