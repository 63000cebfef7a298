import type { PublishRetry } from '../../src/queue/pubsub/publish-retry.js';

/** The Pub/Sub client gives up on UNAVAILABLE within ~0.3 s with this, so the relay's own retries are what a test sees. */
export const SHORT_RETRY: PublishRetry = {
  initialDelayMs: 10,
  delayMultiplier: 2,
  maxDelayMs: 40,
  rpcTimeoutMs: 1_000,
  totalTimeoutMs: 250,
};
