import type { App } from '@slack/bolt';
import type { SlackMessage } from './render/block-kit.js';

type WebClient = App['client'];

/** Tries on the response_url before telling the person another way; Slack allows 5 uses in 30 minutes. */
const RESPONSE_URL_TRIES = 3;
const RETRY_MS = [300, 1_000];

export interface ReplyTarget {
  client: WebClient;
  channel: string;
  user: string;
  log: (line: string) => void;
}

/**
 * Delivers an answer on the response_url, retrying a failure (a 5xx, a timeout) a couple of times
 * within Slack's 5 uses; if it still fails, tells the person another way, so an answer is never lost:
 * a private message in the channel, else a direct message. Never throws.
 */
export async function replyReliably<R extends SlackMessage>(
  respond: (message: R) => Promise<unknown>,
  reply: R,
  target: ReplyTarget,
): Promise<'response_url' | 'ephemeral' | 'dm' | 'lost'> {
  let last: unknown;
  for (let attempt = 0; attempt < RESPONSE_URL_TRIES; attempt++) {
    try {
      await respond(reply);
      return 'response_url';
    } catch (error) {
      last = error;
      const wait = RETRY_MS[attempt];
      if (wait !== undefined && attempt < RESPONSE_URL_TRIES - 1)
        await new Promise((r) => setTimeout(r, wait));
    }
  }
  const { client, channel, user } = target;
  target.log(
    `response_url failed ${RESPONSE_URL_TRIES} times (${String(last)}): telling ${user} another way`,
  );
  const message = { text: reply.text, blocks: reply.blocks };
  try {
    await client.chat.postEphemeral({ channel, user, ...message });
    return 'ephemeral';
  } catch {
    try {
      // Posting to a user id opens the app's direct message with them.
      await client.chat.postMessage({ channel: user, ...message });
      return 'dm';
    } catch (error) {
      target.log(`could not tell ${user} their answer at all: ${String(error)}`);
      return 'lost';
    }
  }
}
