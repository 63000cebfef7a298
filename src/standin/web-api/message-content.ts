import { blockProblems, LIMITS } from '../block-limits.js';
import { isBlockArray } from '../message-json.js';
import type { SlackBlock } from '../message-store.js';
import { type MethodArgs, SlackApiError } from './method-args.js';

export const MAX_TEXT = 40_000;

/** text and blocks of a chat.* call, refused the way Slack refuses them. */
export function messageContent(args: MethodArgs): { text: string; blocks?: SlackBlock[] } {
  const blocks = args.json('blocks', 'invalid_blocks_format');
  const text = args.str('text') ?? '';
  if (blocks !== undefined) {
    const problems = blockProblems(blocks, LIMITS.messageBlocks);
    if (problems.length > 0) throw new SlackApiError('invalid_blocks', problems);
  }
  const hasBlocks = isBlockArray(blocks) && blocks.length > 0;
  if (text === '' && !hasBlocks && !args.has('attachments')) throw new SlackApiError('no_text');
  if (text.length > MAX_TEXT) throw new SlackApiError('msg_too_long');
  return hasBlocks ? { text, blocks } : { text };
}
