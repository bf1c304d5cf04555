import { ExpiringCache } from './ExpiringCache';

function setup(options: { maxEntries?: number; staleMs?: number } = {}) {
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

  describe('with staleMs', () => {
    /** A load that resolves when the test says so. */
    function gated() {
      const calls: Array<(value: string) => void> = [];
      const load = () => new Promise<string>(r => calls.push(r));
      return { calls, load };
    }

    it('gives the stale answer while one reload runs, then the new one', async () => {
      const { cache, advance } = setup({ staleMs: 60_000 });
      await cache.get('team', async () => 'v1');
      advance(10_001);
      const { calls, load } = gated();
      // Expired: every caller gets v1 at once; one reload starts.
      await expect(cache.get('team', load)).resolves.toBe('v1');
      await expect(cache.get('team', load)).resolves.toBe('v1');
      expect(calls).toHaveLength(1);
      calls[0]('v2');
      await new Promise(r => setImmediate(r));
      await expect(cache.get('team', load)).resolves.toBe('v2');
      expect(calls).toHaveLength(1);
    });

    it('waits for a load once the answer is older than ttl + staleMs', async () => {
      const { cache, loads, load, advance } = setup({ staleMs: 5_000 });
      await cache.get('team', load('team'));
      advance(15_001);
      await expect(cache.get('team', load('team'))).resolves.toBe(
        'team@1015001',
      );
      expect(loads).toHaveLength(2);
    });

    it('keeps giving the stale answer when a reload fails, and retries', async () => {
      const { cache, advance } = setup({ staleMs: 60_000 });
      await cache.get('team', async () => 'v1');
      advance(10_001);
      const failing = jest.fn(async () => {
        throw new Error('catalog down');
      });
      await expect(cache.get('team', failing)).resolves.toBe('v1');
      await new Promise(r => setImmediate(r));
      await expect(cache.get('team', failing)).resolves.toBe('v1');
      expect(failing).toHaveBeenCalledTimes(2);
    });

    it('makes a fresh caller wait for the reload', async () => {
      const { cache, advance } = setup({ staleMs: 60_000 });
      await cache.get('team', async () => 'v1');
      advance(10_001);
      const { calls, load } = gated();
      const stale = cache.get('team', load);
      const fresh = cache.get('team', load, { fresh: true });
      expect(calls).toHaveLength(1);
      calls[0]('v2');
      await expect(stale).resolves.toBe('v1');
      await expect(fresh).resolves.toBe('v2');
    });

    it('expire() makes answers stale, not gone', async () => {
      const { cache } = setup({ staleMs: 60_000 });
      await cache.get('team', async () => 'v1');
      cache.expire();
      const { calls, load } = gated();
      await expect(cache.get('team', load)).resolves.toBe('v1');
      expect(calls).toHaveLength(1);
      calls[0]('v2');
      await new Promise(r => setImmediate(r));
      await expect(cache.get('team', load)).resolves.toBe('v2');
    });
  });
});
