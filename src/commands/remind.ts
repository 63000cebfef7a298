import { BadInputError } from '../domain/errors.js';
import { type CommandResult, command, plural, rich } from '../domain/message.js';
import { findMilestone } from '../reminders/milestone-date.js';
import { defineCommand } from './command.js';
import { remindList } from './remind-list.js';
import { remindShow } from './remind-show.js';

/** What `remind ...` words ask for. Snooze is parsed here; the change itself is an action's. */
export type RemindWords =
  | { kind: 'list' }
  | { kind: 'show'; id: string }
  | { kind: 'snooze'; id: string; days: number };

const USAGE = 'remind list | remind show <id> | remind snooze <id> <days>';
export const MAX_SNOOZE_DAYS = 30;

function snoozeDays(word: string | undefined): number {
  const days = word !== undefined && /^\d{1,3}$/.test(word) ? Number(word) : Number.NaN;
  if (!(days >= 1 && days <= MAX_SNOOZE_DAYS)) {
    throw new BadInputError(
      `remind snooze takes 1 to ${MAX_SNOOZE_DAYS} days, not "${word ?? ''}"`,
      'Example: remind snooze day-30 3',
    );
  }
  return days;
}

export const remindCommand = defineCommand({
  name: 'remind',
  group: 'schedule',
  usage: USAGE,
  summary: 'ML monitoring milestones: their dates, and one rendered now with live numbers.',
  example: 'remind show day-7',
  parse(args, ports): RemindWords {
    const [sub, id, ...rest] = args;
    if (sub === undefined || sub === 'list') {
      if (id !== undefined)
        throw new BadInputError(
          `remind list takes nothing, not "${args.slice(1).join(' ')}"`,
          `Usage: ${USAGE}`,
        );
      return { kind: 'list' };
    }
    if (sub !== 'show' && sub !== 'snooze') {
      throw new BadInputError(`remind does not know "${sub}"`, `Usage: ${USAGE}`);
    }
    if (id === undefined)
      throw new BadInputError(`remind ${sub} needs a milestone id`, 'Example: remind show day-7');
    const milestone = findMilestone(ports.catalog, id);
    if (sub === 'show') {
      if (rest.length)
        throw new BadInputError(
          `remind show takes one id, not "${args.slice(1).join(' ')}"`,
          `Usage: ${USAGE}`,
        );
      return { kind: 'show', id: milestone.id };
    }
    if (rest.length > 1)
      throw new BadInputError(
        `remind snooze takes an id and days, not "${args.slice(1).join(' ')}"`,
        `Usage: ${USAGE}`,
      );
    return { kind: 'snooze', id: milestone.id, days: snoozeDays(rest[0]) };
  },
  run(request, ports): Promise<CommandResult> {
    if (request.kind === 'list') return remindList(ports);
    if (request.kind === 'show') return remindShow(request.id, ports);
    const { id, days } = request;
    // A read: snoozing changes the reminder's state, which an action does with the store.
    return Promise.resolve({
      data: { id, days, snoozed: false },
      message: {
        summary: `Snoozing ${id} is done in Slack or where the bot's store is open`,
        tone: 'neutral',
        blocks: [
          {
            kind: 'text',
            text: rich`Snoozing ${id} for ${plural(days, 'day')} changes the reminder, so it is done in Slack (the reminder's Snooze) or where the bot's state store is open; this command only reads. ${command(`remind show ${id}`)} shows it now.`,
          },
        ],
      },
    });
  },
});
