import type { StandinState } from '../standin-state.js';
import { botIsIn, resolveChannel, type StandinChannel } from '../world.js';
import { SlackApiError } from './method-args.js';

/** A channel as the bot's token sees it: a private channel it is not in does not exist for it. */
export function visibleChannel(state: StandinState, ref: string): StandinChannel {
  const channel = resolveChannel(state.world, ref);
  if (!channel || (channel.isPrivate && !botIsIn(channel))) throw new SlackApiError('channel_not_found');
  return channel;
}

/**
 * A channel the bot must be in (posting, reading history), or Slack's not_in_channel. With the
 * chat:write.public scope Slack lets an app post in public channels it was never invited to.
 */
export function memberChannel(
  state: StandinState,
  ref: string,
  options: { post?: boolean } = {},
): StandinChannel {
  const channel = visibleChannel(state, ref);
  if (botIsIn(channel)) return channel;
  if (options.post && !channel.isPrivate && state.scopes.has('chat:write.public')) return channel;
  throw new SlackApiError('not_in_channel');
}
