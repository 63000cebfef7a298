import { CronExpressionParser } from 'cron-parser';
import { BackfillError } from '../domain/errors.js';
import { toMinute, wallClock } from './zoned-time.js';

const HOUR = 3_600_000;
// No zone moves its clocks by more than this; slots are looked for this far before the window so a
// slot pulled back to a transition (below) is not missed by a window that starts after the transition.
const MAX_SHIFT_MS = 3 * HOUR;
const MAX_SLOTS = 10_000;

/**
 * The instants `cron` fires in `timezone` after `fromExclusive` up to `toInclusive`, oldest first,
 * each at its minute. DST, for a daily job:
 * - a wall time that does not exist (02:30 on 2026-03-08 in New York) fires once, at the transition
 *   (03:00 local, 07:00Z), as Vixie cron does. cron-parser would fire it at 03:30 (the gap's length
 *   later); 03:00 keeps it before the jobs set for 03:00-03:30 that day.
 * - a wall time that exists twice (01:30 on 2026-11-01) fires once, the first (EDT). cron-parser's
 *   next() already skips the repeat; the check below keeps that true whatever it does.
 */
export function slotsBetween(cron: string, timezone: string, fromExclusive: Date, toInclusive: Date): Date[] {
  const expression = parse(cron, timezone, new Date(fromExclusive.getTime() - MAX_SHIFT_MS));
  const hours = new Set<number>(expression.fields.hour.values);
  const minutes = new Set<number>(expression.fields.minute.values);
  const end = toInclusive.getTime();
  const slots = new Map<number, Date>();
  for (let i = 0; i < MAX_SLOTS; i++) {
    const found = toMinute(expression.next().toDate());
    if (found.getTime() > end + MAX_SHIFT_MS) break;
    if (isRepeat(found, timezone)) continue;
    const wall = wallClock(found, timezone);
    const slot = hours.has(wall.hour) && minutes.has(wall.minute) ? found : transitionBefore(found, timezone);
    const at = slot.getTime();
    if (at > fromExclusive.getTime() && at <= end) slots.set(at, slot);
  }
  return [...slots.values()].sort((a, b) => a.getTime() - b.getTime());
}

/** The newest slot at or before `atOrBefore`, however far back (a yearly job looks back a year); null if none. */
export function latestSlot(cron: string, timezone: string, atOrBefore: Date): Date | null {
  for (const days of [2, 8, 32, 367, 367 * 8]) {
    const slots = slotsBetween(cron, timezone, new Date(atOrBefore.getTime() - days * 24 * HOUR), atOrBefore);
    const last = slots.at(-1);
    if (last) return last;
  }
  return null;
}

function parse(cron: string, timezone: string, currentDate: Date) {
  try {
    return CronExpressionParser.parse(cron, { tz: timezone, currentDate });
  } catch (error) {
    throw new BackfillError(
      'CATALOG_INVALID',
      `"${cron}" in ${timezone} is not a cron schedule: ${error instanceof Error ? error.message : String(error)}`,
      'Use five fields (minute hour day month weekday), e.g. "0 9 * * *", and an IANA zone.',
      { cause: error },
    );
  }
}

/** True for the second occurrence of a wall time the clocks went back over. */
function isRepeat(instant: Date, timezone: string): boolean {
  const before = wallClock(new Date(instant.getTime() - MAX_SHIFT_MS), timezone).offsetMinutes;
  const now = wallClock(instant, timezone);
  if (before <= now.offsetMinutes) return false;
  const earlier = new Date(instant.getTime() - (before - now.offsetMinutes) * 60_000);
  return wallClock(earlier, timezone).local === now.local;
}

/** The first minute at or before `shifted` whose offset is already `shifted`'s: where the clocks jumped. */
function transitionBefore(shifted: Date, timezone: string): Date {
  const offset = wallClock(shifted, timezone).offsetMinutes;
  let lo = (shifted.getTime() - MAX_SHIFT_MS) / 60_000; // a minute with the old offset
  let hi = shifted.getTime() / 60_000; // a minute with the new one
  if (wallClock(new Date(lo * 60_000), timezone).offsetMinutes === offset) return shifted;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallClock(new Date(mid * 60_000), timezone).offsetMinutes === offset) hi = mid;
    else lo = mid;
  }
  return new Date(hi * 60_000);
}
