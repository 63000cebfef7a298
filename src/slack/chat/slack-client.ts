import { webApi } from '@slack/bolt';

export type WebClient = InstanceType<typeof webApi.WebClient>;

/**
 * How the chat and directory adapters' WebClient behaves when Slack is slow or says "later".
 * @slack/web-api's defaults retry one call up to 10 times over about 30 minutes
 * (tenRetriesInAboutThirtyMinutes), sleep inside the call on a 429 for Retry-After and pause the whole
 * client's queue meanwhile, and never time out. The outbox relay already retries with backoff, and
 * `find` makes its retries safe, so here one call is one attempt:
 * - `retries: 0`: a failure comes back at once, as a ChatError the relay schedules;
 * - `rejectRateLimitedCalls: true`: a 429 is thrown with its Retry-After (ChatError RATE_LIMITED,
 *   retryAfterSeconds) instead of blocking every other call of the bot;
 * - `timeout`: a hung connection ends; a post that timed out may still have landed, which the
 *   relay's `find` before re-posting covers.
 */
export const SLACK_CLIENT_OPTIONS = {
  retryConfig: { retries: 0 },
  rejectRateLimitedCalls: true,
  timeout: 10_000,
} as const satisfies webApi.WebClientOptions;

/** A WebClient for the adapters; `apiUrl` points it at the stand-in (or any Slack-speaking URL). */
export function createSlackClient(token: string, options: { apiUrl?: string } = {}): WebClient {
  return new webApi.WebClient(token, {
    ...SLACK_CLIENT_OPTIONS,
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
  });
}
