import type { ErrorDescription } from '../commands/describe-error.js';
import { COMMANDS } from '../commands/registry.js';
import { type Block, command, followUp, type Message, rich, strong } from '../domain/message.js';

/**
 * An error as a message: what happened, what to do, an example for bad input, and that nothing
 * changed. Titles and hints often quote what the user typed: they stay literal text. A hint that
 * already shows an example is not followed by a second one.
 */
export function errorMessage(error: ErrorDescription, words: string[]): Message {
  const badInput = error.code === 'BAD_INPUT';
  const blocks: Block[] = [{ kind: 'text', tone: badInput ? 'warn' : 'bad', text: [strong(error.title)] }];
  if (error.hint) blocks.push({ kind: 'text', text: error.hint });
  const known = COMMANDS.find((c) => c.name === words[0]);
  const hintShowsExample = /\b(examples?:|e\.g\.)/i.test(error.hint ?? '');
  if (badInput && !hintShowsExample) {
    blocks.push({ kind: 'context', text: rich`Example: ${command(known?.example ?? 'status 2023-24')}` });
  }
  if (error.nothingChanged) blocks.push({ kind: 'context', text: 'Nothing was changed.' });
  blocks.push({ kind: 'actions', actions: [followUp('Help', 'help')] });
  return { summary: error.title, tone: badInput ? 'warn' : 'bad', blocks };
}
