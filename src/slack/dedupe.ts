/**
 * Remembers keys for a while, so a redelivered request (Slack retries, double clicks) is seen once.
 * In memory: one process serves the app; a restart forgets, which only costs a repeated read.
 */
export class Dedupe {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** True the first time a key is offered within the TTL, false for repeats. */
  first(key: string): boolean {
    const now = this.now();
    for (const [k, expires] of this.seen) {
      if (expires > now) break;
      this.seen.delete(k);
    }
    const expires = this.seen.get(key);
    if (expires !== undefined && expires > now) return false;
    this.seen.delete(key);
    this.seen.set(key, now + this.ttlMs);
    return true;
  }
}
