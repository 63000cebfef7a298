import { ChatError } from './chat-error.js';

/** What people call the bot in a chat (manifest.yml: features.bot_user.display_name). */
export const BOT_HANDLE = 'backfill-bot';

type Cause = { cause?: unknown };

/**
 * ChatErrors in the words both chat adapters use, each saying what to do. `channel` is how a person
 * finds the channel: `#name`, or `#<id>` when the name is unknown.
 */
export const chatRefusals = {
  notInChannel: (channel: string, options: Cause = {}) =>
    new ChatError(
      'NOT_IN_CHANNEL',
      `${BOT_HANDLE} is not in ${channel}: invite @${BOT_HANDLE} to ${channel}`,
      `Type /invite @${BOT_HANDLE} in ${channel}, then try again.`,
      undefined,
      options,
    ),

  channelNotFound: (channel: string, options: Cause = {}) =>
    new ChatError(
      'CHANNEL_NOT_FOUND',
      `${BOT_HANDLE} cannot see a channel ${channel}: check the channel; a private one needs @${BOT_HANDLE} invited first`,
      undefined,
      undefined,
      options,
    ),

  missingScope: (scope: string, method: string, options: Cause = {}) =>
    new ChatError(
      'MISSING_SCOPE',
      `the Slack app lacks the ${scope} scope that ${method} needs: add the ${scope} scope to the app (manifest.yml) and reinstall it`,
      undefined,
      undefined,
      options,
    ),

  messageNotFound: (method: string, options: Cause = {}) =>
    new ChatError(
      'MESSAGE_NOT_FOUND',
      `the message ${method} aims at is gone (deleted, or never posted)`,
      undefined,
      undefined,
      options,
    ),

  rateLimited: (method: string, retryAfterSeconds: number | undefined, options: Cause = {}) =>
    new ChatError(
      'RATE_LIMITED',
      `Slack is rate-limiting ${method}${retryAfterSeconds === undefined ? '' : `: retry in ${retryAfterSeconds} s`}`,
      'It is sent again once the limit passes.',
      retryAfterSeconds,
      options,
    ),

  unavailable: (method: string, what: string, options: Cause = {}) =>
    new ChatError(
      'UNAVAILABLE',
      `Slack did not serve ${method} (${what})`,
      'It is tried again shortly; check status.slack.com if it lasts.',
      undefined,
      options,
    ),

  refused: (method: string, code: string, options: Cause = {}) =>
    new ChatError('REFUSED', `Slack refused ${method}: ${code}`, undefined, undefined, options),
};
