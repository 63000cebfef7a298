import type { Block } from '../domain/message.js';
import { slotsBetween } from '../schedules/slots-between.js';
import { slotKey } from '../schedules/zoned-time.js';
import type { CommandPorts } from './command-context.js';

// How far back `report` looks for scheduled reports that never went out.
const LOOK_BACK_DAYS = 7;

/**
 * The daily report slots of the last week that were never posted (the bot was down longer than the
 * catch-up window): listed, not posted late as a flood. Needs the store; without it, nothing.
 */
export async function missedReports(ports: CommandPorts): Promise<Block | null> {
  if (!ports.store) return null;
  const { schedules, timezone } = ports.catalog;
  const now = ports.clock.now();
  const since = new Date(now.getTime() - LOOK_BACK_DAYS * 86_400_000);
  const claimed = new Set((await ports.store.listSlots('report', 50)).map((s) => s.slot));
  const missed = slotsBetween(schedules.report, schedules.timezone ?? timezone, since, now).filter(
    (slot) => !claimed.has(slotKey(slot)),
  );
  if (missed.length === 0) return null;
  return {
    kind: 'context',
    text: `Missed scheduled reports (not posted: the bot was down past the ${schedules.catchUpHours} h catch-up): ${missed
      .map((slot) => slotKey(slot).slice(0, 16).replace('T', ' '))
      .join(', ')} UTC`,
  };
}
