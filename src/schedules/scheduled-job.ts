import type { OutboxEffect } from '../store/state-store.js';

/**
 * What a job does with the slots it missed while no replica was running (catch-up on start, or a
 * tick after the process slept):
 * - `{ hours }`: every missed slot of the last `hours` runs, late; older ones are left and listed
 *   by `Scheduler.missedSlots` (the daily report: a report from two days ago is noise).
 * - `'latest'`: "stays due until done", however long the outage: only the newest missed slot runs,
 *   and the handler decides what is due by then (the milestone reminders).
 * - `{ since, take }`: the same back to `since`, running every missed slot or only the newest.
 */
export type CatchUp = { hours: number } | 'latest' | { since: Date; take: 'every' | 'latest' };

export interface ScheduledJob {
  /** Unique among the jobs; the store keys claims by it, e.g. "report". */
  name: string;
  /** Five fields, e.g. "0 8 * * *". */
  cron: string;
  /** IANA zone the cron is read in (the catalog's schedules.timezone, else its timezone). */
  timezone: string;
  catchUp: CatchUp;
  /**
   * Optional: the outbox rows of this slot (the post), computed before the claim and written in the
   * claim's transaction, so a crash right after the claim loses nothing. Runs on every replica that
   * fires the slot; only the winner's rows are written. Must not write anything itself.
   */
  effects?(slot: Date, late: boolean): Promise<OutboxEffect[]>;
  /** Called only for a slot this process claimed; `late` when it runs after its time. */
  run(slot: Date, late: boolean): Promise<void>;
}

/** What happened to one slot in a tick. taken: another replica (or an earlier run) had claimed it. */
export interface FiredSlot {
  job: string;
  slot: string;
  late: boolean;
  outcome: 'ran' | 'taken' | 'failed';
}
