/** One key's answer. */
interface Entry<T> {
  /** Until when the answer is fresh. */
  expires: number;
  value: Promise<T>;
  /** The reload in flight, while a stale answer is being given. */
  reloading?: Promise<T>;
}

/**
 * Answers kept for a while: a lookup that many requests repeat (a
 * template, a team's components) is asked once per `ttlMs` per key, and
 * concurrent callers share the one in flight. A failed lookup is not kept.
 * At most `maxEntries` keys are held; the oldest go first.
 *
 * With `staleMs`, an answer past its `ttlMs` is still given for that much
 * longer while one reload runs in the background (stale-while-revalidate):
 * only the first caller of a key ever waits for a load, so a heavy lookup
 * (a large team's budget) never stalls the requests that happen to arrive
 * as it expires. A caller that must see fresh data passes `fresh: true`.
 *
 * @public
 */
export class ExpiringCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly options: {
      ttlMs: number;
      /** How long past `ttlMs` an answer is given while it reloads. Default 0. */
      staleMs?: number;
      maxEntries?: number;
      now?: () => number;
    },
  ) {}

  /** Forgets every answer: the next `get` of each key loads again. */
  clear(): void {
    this.entries.clear();
  }

  /**
   * Makes every answer stale: the next `get` of each key starts a reload
   * and, within `staleMs`, is given the old answer meanwhile; `fresh`
   * callers wait for the reload.
   */
  expire(): void {
    for (const entry of this.entries.values()) {
      entry.expires = Math.min(entry.expires, this.now());
    }
  }

  /** The answer for `key`: kept, or `load`ed now. */
  get(
    key: string,
    load: () => Promise<T>,
    options?: { fresh?: boolean },
  ): Promise<T> {
    const now = this.now();
    const kept = this.entries.get(key);
    if (kept && kept.expires > now) {
      return kept.value;
    }
    const staleMs = options?.fresh ? 0 : this.options.staleMs ?? 0;
    if (kept && kept.expires + staleMs > now) {
      if (!kept.reloading) {
        kept.reloading = this.reload(key, kept, load);
      }
      return kept.value;
    }
    if (kept?.reloading) {
      // Too stale to give, but a reload is already on its way: share it.
      return kept.reloading;
    }
    this.entries.delete(key);
    const value = load();
    if (this.options.ttlMs <= 0) {
      return value;
    }
    this.keep(key, { expires: now + this.options.ttlMs, value });
    value.catch(() => {
      // A failure is not an answer to keep; the caller sees it.
      if (this.entries.get(key)?.value === value) {
        this.entries.delete(key);
      }
    });
    return value;
  }

  private reload(
    key: string,
    entry: Entry<T>,
    load: () => Promise<T>,
  ): Promise<T> {
    const reloading = load();
    reloading.then(
      () => {
        if (this.entries.get(key) === entry) {
          this.keep(key, {
            expires: this.now() + this.options.ttlMs,
            value: reloading,
          });
        }
      },
      () => {
        // Keep giving the stale answer until it is too old; try again then.
        if (this.entries.get(key) === entry) {
          entry.reloading = undefined;
        }
      },
    );
    return reloading;
  }

  private keep(key: string, entry: Entry<T>) {
    this.entries.delete(key);
    this.entries.set(key, entry);
    const max = this.options.maxEntries ?? 1000;
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= max) break;
      this.entries.delete(oldest);
    }
  }

  private now() {
    return this.options.now?.() ?? Date.now();
  }
}
