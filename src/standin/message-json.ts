import type { SlackBlock, StandinMessage } from './message-store.js';
import type { StandinWorld } from './world.js';

/** A stored message as Slack shows it to apps (chat.* responses, block_actions payloads). */
export function messageJson(world: StandinWorld, m: StandinMessage): Record<string, unknown> {
  return {
    type: 'message',
    user: m.user,
    ...(m.bot_id ? { bot_id: m.bot_id, app_id: world.appId } : {}),
    text: m.text,
    ...(m.blocks ? { blocks: m.blocks } : {}),
    ...(m.files ? { files: m.files, upload: false } : {}),
    ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
    ts: m.ts,
    team: world.team.id,
  };
}

/** The app's identity on every message it sends. */
export const botAuthor = (world: StandinWorld) => ({ user: world.bot.userId, bot_id: world.bot.botId });

export const isBlockArray = (v: unknown): v is SlackBlock[] =>
  Array.isArray(v) && v.every((b) => typeof b === 'object' && b !== null && typeof b.type === 'string');
