/** How long to wait before the next attempt of a row that failed. */
export interface Backoff {
  /** The first retry's delay. */
  baseMs: number;
  /** No retry waits longer (Slack's Retry-After aside). */
  maxMs: number;
  /** 0..1: the share of each delay that is random, so replicas retrying together spread out. */
  jitter: number;
}

export const DEFAULT_BACKOFF: Backoff = { baseMs: 1_000, maxMs: 5 * 60_000, jitter: 0.2 };

/**
 * Exponential: base, 2 x base, 4 x base, … up to max, after `attempts` tries; never sooner than the
 * other side asked (`atLeastMs`, e.g. Slack's Retry-After).
 */
export function retryDelayMs(
  backoff: Backoff,
  attempts: number,
  atLeastMs = 0,
  random = Math.random,
): number {
  const exponential = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempts - 1));
  const jittered = exponential * (1 - backoff.jitter * random());
  return Math.max(Math.round(jittered), atLeastMs);
}
