import type { CallOptions } from '@google-cloud/pubsub';

/** How long one publish call may keep retrying inside the client before it reports failure. */
export interface PublishRetry {
  /** The first pause between attempts (the client sleeps a random share of it). */
  initialDelayMs: number;
  delayMultiplier: number;
  maxDelayMs: number;
  /** Each attempt's own deadline. */
  rpcTimeoutMs: number;
  /** No new attempt starts after this, counted from the first. */
  totalTimeoutMs: number;
}

/**
 * The client's own retry of a Publish, bounded on purpose. Left alone, it retries UNAVAILABLE (and
 * DEADLINE_EXCEEDED, INTERNAL, ...) for a total of 60 s with pauses growing x4 up to 60 s, and checks
 * the total only after a pause: one call measured ~80 s against a Publisher that kept answering
 * UNAVAILABLE. That is longer than the relay's claim on the row (60 s lease): the claim would lapse
 * mid-call, another replica could claim the row and publish it a second time, and the relay's round
 * waits on it. The relay is the retry that lasts (backoff to 5 min, survives restarts, records the
 * error on the row), so the client only has to ride out a blip: pauses from 100 ms doubling to 2 s,
 * 10 s per attempt, no new attempt after 20 s; worst case about 22 s (publishWorstCaseMs).
 */
export const PUBLISH_RETRY: PublishRetry = {
  initialDelayMs: 100,
  delayMultiplier: 2,
  maxDelayMs: 2_000,
  rpcTimeoutMs: 10_000,
  totalTimeoutMs: 20_000,
};

/** The longest one publish call can take: the last attempt starts just before the total, then one pause. */
export function publishWorstCaseMs(retry: PublishRetry): number {
  return retry.totalTimeoutMs + retry.maxDelayMs;
}

/**
 * The publisher's gax options. Only the backoff is replaced: the codes the client retries stay its own
 * (a NOT_FOUND or PERMISSION_DENIED comes back at once). No `timeout` key: gax would copy it into the
 * client's shared default settings.
 */
export function publishCallOptions(retry: PublishRetry): CallOptions {
  return {
    retry: {
      backoffSettings: {
        initialRetryDelayMillis: retry.initialDelayMs,
        retryDelayMultiplier: retry.delayMultiplier,
        maxRetryDelayMillis: retry.maxDelayMs,
        initialRpcTimeoutMillis: retry.rpcTimeoutMs,
        rpcTimeoutMultiplier: 1,
        maxRpcTimeoutMillis: retry.rpcTimeoutMs,
        totalTimeoutMillis: retry.totalTimeoutMs,
      },
    },
  };
}
