import { userInfo } from 'node:os';
import { stopWatch } from '../actions/watch-stop.js';
import { DeferredChat } from '../chat/deferred-chat.js';
import { FixedDirectory } from '../chat/fixed-directory.js';
import type { CommandPorts } from '../commands/command-context.js';
import { parseWatchWords } from '../commands/watch.js';
import type { CommandResult } from '../domain/message.js';
import type { StateStore } from '../store/state-store.js';

/**
 * `backfill-bot watch stop <id>` as `cli:<os user>` (an operator: it holds the bot's store), with the
 * bot's store. The redraw of the watch's message is left in the outbox for the bot's relay.
 */
export async function stopWatchFromCli(
  args: string[],
  ports: CommandPorts & { store: StateStore },
): Promise<CommandResult> {
  const words = parseWatchWords(args, ports);
  if (words.kind !== 'stop') throw new Error('watch stop words');
  const who = userInfo().username;
  const actor = { id: `cli:${who}`, handle: who, channel: '' };
  const { kind, watch, answer } = await stopWatch(
    { watchId: words.id, actor, key: `cli:${who}:${ports.clock.now().toISOString()}` },
    { ...ports, chat: new DeferredChat(), directory: new FixedDirectory({}) },
  );
  return { data: { watchId: watch.id, outcome: kind, state: watch.state }, message: answer };
}
