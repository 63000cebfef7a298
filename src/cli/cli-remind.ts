import { userInfo } from 'node:os';
import { snoozeMilestone } from '../actions/milestone-actions.js';
import { DeferredChat } from '../chat/deferred-chat.js';
import { FixedDirectory } from '../chat/fixed-directory.js';
import type { CommandPorts } from '../commands/command-context.js';
import { type RemindWords, remindCommand } from '../commands/remind.js';
import type { CommandResult } from '../domain/message.js';
import type { StateStore } from '../store/state-store.js';

/** `backfill-bot remind snooze <id> <days>` as `cli:<os user>`, with the bot's store (its credentials). */
export async function snoozeFromCli(
  args: string[],
  ports: CommandPorts & { store: StateStore },
): Promise<CommandResult> {
  const words = remindCommand.parse(args, ports) as RemindWords;
  if (words.kind !== 'snooze') throw new Error('remind snooze words');
  const who = userInfo().username;
  const actor = { id: `cli:${who}`, handle: who, channel: ports.catalog.channels.reminders };
  const message = await snoozeMilestone(
    { id: words.id, days: words.days, actor },
    { ...ports, chat: new DeferredChat(), directory: new FixedDirectory({}) },
  );
  return { data: { id: words.id, days: words.days, snoozed: true }, message };
}
