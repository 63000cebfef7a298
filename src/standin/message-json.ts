import type { SlackBlock, StandinMessage } from './message-store.js';
import type { StandinWorld } from './world.js';

/**
 * A stored message as Slack shows it to apps (chat.* responses, block_actions payloads, history).
 * Metadata only when the app asks for it (include_all_metadata), as in Slack.
 */
export function messageJson(
  world: StandinWorld,
  m: StandinMessage,
  options: { metadata?: boolean } = {},
): Record<string, unknown> {
  return {
    type: 'message',
    user: m.user,
    ...(m.bot_id ? { bot_id: m.bot_id, app_id: world.appId } : {}),
    text: m.text,
    ...(m.blocks ? { blocks: m.blocks } : {}),
    ...(m.files ? { files: m.files, upload: false } : {}),
    ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
    ...(options.metadata && m.metadata ? { metadata: m.metadata } : {}),
    ts: m.ts,
    team: world.team.id,
  };
}

/** The app's identity on every message it sends. */
export const botAuthor = (world: StandinWorld) => ({ user: world.bot.userId, bot_id: world.bot.botId });

export const isBlockArray = (v: unknown): v is SlackBlock[] =>
  Array.isArray(v) && v.every((b) => typeof b === 'object' && b !== null && typeof b.type === 'string');
