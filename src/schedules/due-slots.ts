import type { ScheduledJob } from './scheduled-job.js';
import { latestSlot, slotsBetween } from './slots-between.js';

/**
 * The slots of `job` to fire at `now`, oldest first: those after `lastTick` (this process's previous
 * tick; undefined on start, which makes this the catch-up) and inside the job's catch-up window.
 * The caller leaves out the ones already claimed.
 */
export function dueSlots(job: ScheduledJob, lastTick: Date | undefined, now: Date): Date[] {
  const { catchUp, cron, timezone } = job;
  if (catchUp === 'latest') return newest(job, lastTick, now);
  if ('hours' in catchUp) {
    return slotsBetween(
      cron,
      timezone,
      later(lastTick, new Date(now.getTime() - catchUp.hours * 3_600_000)),
      now,
    );
  }
  const floor = later(lastTick, catchUp.since);
  return catchUp.take === 'every' ? slotsBetween(cron, timezone, floor, now) : newest(job, floor, now);
}

function newest(job: ScheduledJob, after: Date | undefined, now: Date): Date[] {
  const slot = latestSlot(job.cron, job.timezone, now);
  return slot && (!after || slot > after) ? [slot] : [];
}

const later = (a: Date | undefined, b: Date): Date => (a && a > b ? a : b);
