import { COMMANDS, runCommand } from '../commands/registry.js';
import type { FileAttachment, Message } from '../domain/message.js';
import type { ActionPorts, Actor } from './action-ports.js';
import { ACTS } from './acts.js';

export interface Dispatched {
  message: Message;
  /** True when the words changed state (an action ran): the answer is private, the relay has work. */
  acted: boolean;
  /** Files the answer comes with (a read's, e.g. the heatmap's PNG): the front delivers them. */
  files?: FileAttachment[];
}

/**
 * Words a person typed in a chat front: the command registry parses them; a parsed request that is
 * an action there (see ACTS) runs as one, everything else is answered as a read.
 */
export async function dispatch(
  words: string[],
  context: { ports: ActionPorts; actor: Actor; key: string; prefix: string; explain: boolean },
): Promise<Dispatched> {
  const [name, ...args] = words;
  const command = COMMANDS.find((c) => c.name === name?.toLowerCase());
  const act = command ? ACTS[command.name] : undefined;
  if (command && act && !context.explain) {
    const acted = await act(command.parse(args, context.ports), context.ports, context.actor, context.key);
    if (acted) return { message: acted.answer, acted: true };
  }
  const result = await runCommand(words, context.ports, { prefix: context.prefix, explain: context.explain });
  return { message: result.message, acted: false, ...(result.files ? { files: result.files } : {}) };
}
