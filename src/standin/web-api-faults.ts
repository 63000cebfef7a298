/**
 * What Slack does when it cannot or will not serve a call: HTTP 429 with Retry-After (rate limits),
 * or a 5xx. Tests inject these per method to see how an app copes.
 */
export type WebApiFault = { status: 429; retryAfterSeconds: number } | { status: 500 | 502 | 503 | 504 };

/** Faults waiting for their method's next calls, each used `times` times. */
export class WebApiFaults {
  private readonly pending = new Map<string, { fault: WebApiFault; left: number }[]>();

  add(method: string, fault: WebApiFault, times = 1): void {
    const list = this.pending.get(method) ?? [];
    list.push({ fault, left: times });
    this.pending.set(method, list);
  }

  take(method: string): WebApiFault | undefined {
    const list = this.pending.get(method);
    const next = list?.[0];
    if (!list || !next) return undefined;
    next.left -= 1;
    if (next.left <= 0) list.shift();
    return next.fault;
  }

  clear(): void {
    this.pending.clear();
  }
}
