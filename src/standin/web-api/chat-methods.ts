import { botAuthor, messageJson } from '../message-json.js';
import { canSee, findUser } from '../world.js';
import { memberChannel, visibleChannel } from './bot-channel.js';
import { messageContent } from './message-content.js';
import { messageMetadata } from './message-metadata.js';
import { SlackApiError } from './method-args.js';
import type { MethodTable } from './method-context.js';

export const chatMethods = {
  'chat.postMessage': (args, state) => {
    const channel = memberChannel(state, args.required('channel'), { post: true });
    const content = messageContent(args);
    const metadata = messageMetadata(args);
    const threadTs = args.str('thread_ts');
    const message = state.messages.add(channel.id, {
      ...botAuthor(state.world),
      ...content,
      ...(threadTs ? { thread_ts: threadTs } : {}),
      ...(metadata ? { metadata } : {}),
      via: 'chat.postMessage',
    });
    return { channel: channel.id, ts: message.ts, message: messageJson(state.world, message) };
  },

  'chat.postEphemeral': (args, state) => {
    const channel = memberChannel(state, args.required('channel'));
    const user = findUser(state.world, args.required('user'));
    if (!user || user.isBot) throw new SlackApiError('user_not_found');
    if (!canSee(state.world, channel.id, user.id)) throw new SlackApiError('user_not_in_channel');
    const threadTs = args.str('thread_ts');
    const message = state.messages.add(channel.id, {
      ...botAuthor(state.world),
      ...messageContent(args),
      ...(threadTs ? { thread_ts: threadTs } : {}),
      ephemeralTo: user.id,
      via: 'chat.postEphemeral',
    });
    return { message_ts: message.ts };
  },

  'chat.update': (args, state) => {
    const channel = visibleChannel(state, args.required('channel'));
    const ts = args.required('ts');
    const found = state.messages.find(channel.id, ts);
    // Ephemeral messages cannot be updated through chat.update, only through their response_url.
    if (!found || found.ephemeralTo) throw new SlackApiError('message_not_found');
    if (found.bot_id !== state.world.bot.botId) throw new SlackApiError('cant_update_message');
    const content = messageContent(args);
    // Slack keeps the previous blocks (and metadata) when the call has none; `blocks: []` removes them.
    const blocks = args.json('blocks');
    const metadata = messageMetadata(args);
    const updated = state.messages.replace(channel.id, ts, {
      text: content.text,
      ...(blocks !== undefined ? { blocks: content.blocks ?? [] } : {}),
      ...(metadata ? { metadata } : {}),
    });
    if (!updated) throw new SlackApiError('message_not_found');
    return { channel: channel.id, ts, text: updated.text, message: messageJson(state.world, updated) };
  },

  'chat.delete': (args, state) => {
    const channel = visibleChannel(state, args.required('channel'));
    const ts = args.required('ts');
    const found = state.messages.find(channel.id, ts);
    if (!found || found.ephemeralTo) throw new SlackApiError('message_not_found');
    if (found.bot_id !== state.world.bot.botId) throw new SlackApiError('cant_delete_message');
    state.messages.remove(channel.id, ts);
    return { channel: channel.id, ts };
  },
} satisfies MethodTable;
