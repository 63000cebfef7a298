import { messageJson } from '../message-json.js';
import type { StandinMessage } from '../message-store.js';
import type { StandinState } from '../standin-state.js';
import { botIsIn } from '../world.js';
import { memberChannel, visibleChannel } from './bot-channel.js';
import { historyPage } from './history-page.js';
import type { MethodArgs } from './method-args.js';
import { SlackApiError } from './method-args.js';
import type { MethodTable } from './method-context.js';

const isReply = (m: StandinMessage) => m.thread_ts !== undefined && m.thread_ts !== m.ts;

/** Messages as history shows them: a thread's parent carries thread_ts, reply_count and latest_reply. */
function historyJson(state: StandinState, all: StandinMessage[], page: StandinMessage[], args: MethodArgs) {
  const metadata = args.bool('include_all_metadata');
  return page.map((m) => {
    const replies = all.filter((r) => r.thread_ts === m.ts && r.ts !== m.ts);
    const last = replies.at(-1);
    return {
      ...messageJson(state.world, m, { metadata }),
      ...(last ? { thread_ts: m.ts, reply_count: replies.length, latest_reply: last.ts } : {}),
    };
  });
}

/** What the bot's token reads: ephemerals are never in history, they belong to one user's session. */
const readable = (state: StandinState, channel: string) =>
  state.messages.list(channel).filter((m) => !m.ephemeralTo);

export const conversationMethods = {
  /** The channel's top-level messages, newest first (replies stay in their threads). */
  'conversations.history': (args, state) => {
    const channel = memberChannel(state, args.required('channel'));
    const all = readable(state, channel.id);
    const { page, ...rest } = historyPage(all.filter((m) => !isReply(m)).reverse(), args);
    return { messages: historyJson(state, all, page, args), ...rest, pin_count: 0 };
  },

  /** A thread, parent first then replies oldest first; `ts` may be the parent or any reply. */
  'conversations.replies': (args, state) => {
    const channel = memberChannel(state, args.required('channel'));
    const all = readable(state, channel.id);
    const found = all.find((m) => m.ts === args.required('ts'));
    if (!found) throw new SlackApiError('thread_not_found');
    const root = found.thread_ts ?? found.ts;
    const thread = all.filter((m) => m.ts === root || m.thread_ts === root);
    const { page, ...rest } = historyPage(thread, args);
    return { messages: historyJson(state, all, page, args), ...rest };
  },

  'conversations.info': (args, state) => {
    const channel = visibleChannel(state, args.required('channel'));
    const isIm = channel.id.startsWith('D');
    return {
      channel: {
        id: channel.id,
        name: isIm ? undefined : channel.name,
        is_channel: !isIm,
        is_im: isIm,
        is_private: channel.isPrivate === true,
        is_archived: false,
        is_member: botIsIn(channel),
      },
    };
  },
} satisfies MethodTable;
