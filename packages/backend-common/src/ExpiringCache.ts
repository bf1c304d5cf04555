/**
 * Answers kept for a while: a lookup that many requests repeat (a
 * template, a team's components) is asked once per `ttlMs` per key, and
 * concurrent callers share the one in flight. A failed lookup is not kept.
 * At most `maxEntries` keys are held; the oldest go first.
 *
 * @public
 */
export class ExpiringCache<T> {
  private readonly entries = new Map<
    string,
    { expires: number; value: Promise<T> }
  >();

  constructor(
    private readonly options: {
      ttlMs: number;
      maxEntries?: number;
      now?: () => number;
    },
  ) {}

  /** Forgets every answer: the next `get` of each key loads again. */
  clear(): void {
    this.entries.clear();
  }

  /** The answer for `key`: kept, or `load`ed now. */
  get(key: string, load: () => Promise<T>): Promise<T> {
    const now = this.options.now?.() ?? Date.now();
    const kept = this.entries.get(key);
    if (kept && kept.expires > now) {
      return kept.value;
    }
    this.entries.delete(key);
    const value = load();
    if (this.options.ttlMs <= 0) {
      return value;
    }
    this.entries.set(key, { expires: now + this.options.ttlMs, value });
    value.catch(() => {
      // A failure is not an answer to keep; the caller sees it.
      if (this.entries.get(key)?.value === value) {
        this.entries.delete(key);
      }
    });
    const max = this.options.maxEntries ?? 1000;
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= max) break;
      this.entries.delete(oldest);
    }
    return value;
  }
}
