import { randomBytes } from 'node:crypto';
import { webApi } from '@slack/bolt';
import { type Standin, type StandinOptions, startStandin } from '../../src/standin/start-standin.js';

export type Client = InstanceType<typeof webApi.WebClient>;

/** A stand-in and a plain WebClient that neither retries nor waits, to see each answer as it is. */
export async function standinWithClient(
  options: Partial<StandinOptions> = {},
): Promise<{ standin: Standin; client: Client }> {
  const botToken = `xoxb-${randomBytes(8).toString('hex')}`;
  const standin = await startStandin({
    port: 0,
    appUrl: 'http://127.0.0.1:9/slack/events',
    signingSecret: randomBytes(16).toString('hex'),
    botToken,
    ...options,
  });
  const client = new webApi.WebClient(botToken, {
    slackApiUrl: standin.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  });
  return { standin, client };
}

/** The platform error the client throws, as data ({ ok: false, error, ... }). */
export async function refusal(call: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await call;
  } catch (error) {
    return (error as { data: Record<string, unknown> }).data;
  }
  throw new Error('the call succeeded');
}
