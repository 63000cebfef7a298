import type { ErrorDescription } from '../commands/describe-error.js';
import { COMMANDS } from '../commands/registry.js';
import { type Block, command, followUp, type Message, rich, strong } from '../domain/message.js';

/**
 * An error as a message: what happened, what to do, an example for bad input, that nothing
 * changed, and the ref its details were logged under. Titles and hints often quote what the user typed: they stay literal text. A hint that
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
  // The details (a file, a vendor's words) were logged under the ref, not shown: say where they are.
  if (error.ref && !error.title.includes(error.ref)) {
    blocks.push({ kind: 'context', text: `Ref ${error.ref}: the details are in the bot's log.` });
  }
  blocks.push({ kind: 'actions', actions: [followUp('Help', 'help')] });
  return { summary: error.title, tone: badInput ? 'warn' : 'bad', blocks };
}
