import { blockProblems, LIMITS } from '../block-limits.js';
import { botAuthor, isBlockArray } from '../message-json.js';
import type { MessageVia } from '../message-store.js';
import type { ResponseTarget } from '../response-urls.js';
import type { StandinState } from '../standin-state.js';

export type ApplyResult = { ok: true } | { ok: false; error: string; messages?: string[] };

const yes = (v: unknown): boolean => v === true || v === 'true';

/**
 * What Slack does with a message sent to a response_url (or returned in a slash command's ack):
 * ephemeral to the user unless `response_type: 'in_channel'`; replace_original / delete_original act
 * on the clicked message, or on the message this command last produced.
 */
export function applyResponse(
  state: StandinState,
  target: ResponseTarget,
  body: Record<string, unknown>,
  via: Extract<MessageVia, 'response_url' | 'ack'>,
): ApplyResult {
  let blocks = body.blocks;
  if (typeof blocks === 'string') {
    try {
      blocks = JSON.parse(blocks);
    } catch {
      return { ok: false, error: 'invalid_blocks_format' };
    }
  }
  if (blocks !== undefined) {
    const problems = blockProblems(blocks, LIMITS.messageBlocks);
    if (problems.length > 0) return { ok: false, error: 'invalid_blocks', messages: problems };
  }
  const text = typeof body.text === 'string' ? body.text : '';
  const original = target.originalTs ? state.messages.find(target.channel, target.originalTs) : undefined;

  if (yes(body.delete_original)) {
    if (original) state.messages.remove(target.channel, original.ts);
    return { ok: true };
  }
  const content = { text, ...(isBlockArray(blocks) && blocks.length > 0 ? { blocks } : {}) };
  if (text === '' && !content.blocks) return { ok: false, error: 'no_text' };
  if (yes(body.replace_original) && original) {
    state.messages.replace(target.channel, original.ts, { blocks: [], ...content });
    return { ok: true };
  }

  const inChannel = body.response_type === 'in_channel';
  // Slack shows the command itself above its first public answer.
  if (inChannel && target.commandLine && !target.echoed) {
    target.echoed = true;
    state.messages.add(target.channel, { user: target.user, text: target.commandLine, via: 'user' });
  }
  const threadTs = typeof body.thread_ts === 'string' ? body.thread_ts : undefined;
  const posted = state.messages.add(target.channel, {
    ...botAuthor(state.world),
    ...content,
    ...(threadTs ? { thread_ts: threadTs } : {}),
    ...(inChannel ? {} : { ephemeralTo: target.user }),
    via,
  });
  if (target.kind === 'command') target.originalTs = posted.ts;
  return { ok: true };
}
