/**
 * Keys kept at most (~200 bytes each: a few MB). Under load the oldest goes before its TTL: at
 * 500 requests a second that still covers the last ~40 s, where Slack's own redeliveries and double
 * clicks come. Forgetting one early costs at worst a repeated read: changes of state are
 * deduplicated in the store, by their keys, not here.
 */
export const DEFAULT_DEDUPE_KEYS = 20_000;

/**
 * Remembers keys for a while, so a redelivered request (Slack retries, double clicks) is seen once.
 * In memory: one process serves the app; a restart forgets, which only costs a repeated read.
 * Bounded in time (the TTL) and in size (`maxKeys`, oldest first).
 */
export class Dedupe {
  private readonly seen = new Map<string, number>();
  // Keys in the order they were set, which is expiry order (one TTL for all): the first go first.
  // An array with a moving head, not the Map's own order: taking a Map's first key again and again
  // walks over the entries deleted before it (measured: ~40 us a call at 20,000 keys).
  private order: { key: string; expires: number }[] = [];
  private head = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys: number = DEFAULT_DEDUPE_KEYS,
  ) {
    if (maxKeys < 1) throw new Error('Dedupe needs room for at least one key');
  }

  /** True the first time a key is offered within the TTL, false for repeats. */
  first(key: string): boolean {
    const now = this.now();
    while (this.head < this.order.length && (this.order[this.head]?.expires ?? now) <= now) this.dropOldest();
    const expires = this.seen.get(key);
    if (expires !== undefined && expires > now) return false;
    this.seen.set(key, now + this.ttlMs);
    this.order.push({ key, expires: now + this.ttlMs });
    while (this.seen.size > this.maxKeys) this.dropOldest();
    if (this.head > 1024 && this.head * 2 > this.order.length) {
      this.order = this.order.slice(this.head);
      this.head = 0;
    }
    return true;
  }

  /** Keys remembered now. */
  get size(): number {
    return this.seen.size;
  }

  private dropOldest(): void {
    const oldest = this.order[this.head++];
    // A key set again since (after it expired) has a later entry of its own: this one is stale.
    if (oldest && this.seen.get(oldest.key) === oldest.expires) this.seen.delete(oldest.key);
  }
}
