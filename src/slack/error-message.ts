import type { ErrorDescription } from '../commands/describe-error.js';
import { COMMANDS } from '../commands/registry.js';
import type { Block, Message } from '../domain/message.js';

/** An error as a message: what happened, what to do, an example for bad input, and that nothing changed. */
export function errorMessage(error: ErrorDescription, words: string[]): Message {
  const badInput = error.code === 'BAD_INPUT';
  const blocks: Block[] = [{ kind: 'text', tone: badInput ? 'warn' : 'bad', text: `*${error.title}*` }];
  if (error.hint) blocks.push({ kind: 'text', text: error.hint });
  const command = COMMANDS.find((c) => c.name === words[0]);
  if (badInput) {
    blocks.push({ kind: 'context', text: `Example: \`/backfill ${command?.example ?? 'status 2023-24'}\`` });
  }
  if (error.nothingChanged) blocks.push({ kind: 'context', text: 'Nothing was changed.' });
  blocks.push({ kind: 'actions', actions: [{ label: 'Help', command: 'help' }] });
  return { summary: error.title, tone: badInput ? 'warn' : 'bad', blocks };
}
