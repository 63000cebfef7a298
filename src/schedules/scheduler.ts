import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock/clock.js';
import type { OutboxEffect, StateStore } from '../store/state-store.js';
import { dueSlots } from './due-slots.js';
import type { FiredSlot, ScheduledJob } from './scheduled-job.js';
import { slotsBetween } from './slots-between.js';
import { slotKey } from './zoned-time.js';

/** The slice of a logger the scheduler writes to (pino's call shape: fields, then the message). */
export interface SchedulerLog {
  info(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

export interface SchedulerOptions {
  store: Pick<StateStore, 'claimSlot' | 'listSlots'>;
  clock: Clock;
  jobs: ScheduledJob[];
  log: SchedulerLog;
  /** Unique per process, so the store tells replicas' claims apart. */
  owner?: string;
  /** How often the timer ticks. */
  tickMs?: number;
  /** A slot fired within this of its time is on time; later, it is marked late. */
  graceMs?: number;
  /**
   * Test hook: called at named points so a test can kill the process there (see BACKFILL_FAILPOINT):
   * `schedule.built:<job>` once a slot's outbox rows are built, before its claim;
   * `schedule.claimed:<job>` once the claim and its rows are committed, before the job runs.
   */
  failpoint?: (name: string) => void;
}

// The store answers at most 200 claims per job: about 200 days of a daily job. Older claims are not
// seen here, which only costs a claim attempt (the store refuses a slot claimed before).
const CLAIMS_READ = 200;

/**
 * Fires each job once per slot across replicas and restarts, with catch-up on start.
 *
 * Why a tick of our own and not node-cron 4 (checked on 4.6.0): node-cron reads the real clock, not
 * the Clock port (tests and BACKFILL_NOW demos pin it), it never fires a wall time that does not exist
 * (02:30 on 2026-03-08 in New York is skipped, not moved to 03:00), its `runCoordinator` is consulted
 * only with `distributed: true` and receives a key, not the slot's outbox rows, and catch-up needs the
 * slot arithmetic anyway. So one function (slotsBetween) says which slots exist, for the live path and
 * for catch-up alike, and `claimSlot` plays the coordinator's part: every tick (30 s) fires the slots
 * that fell due since the previous tick, each claimed in the store first (its rows in the claim's
 * transaction); only the claimer runs it. Ticks never overlap (a tick still running makes the timer
 * skip one; the next covers the time since the last tick, so nothing is lost).
 */
export class Scheduler {
  readonly owner: string;
  private readonly tickMs: number;
  private readonly graceMs: number;
  private lastTick: Date | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private busy = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: SchedulerOptions) {
    this.owner = options.owner ?? `scheduler-${randomBytes(4).toString('hex')}`;
    this.tickMs = options.tickMs ?? 30_000;
    this.graceMs = options.graceMs ?? 60_000;
    const names = options.jobs.map((job) => job.name);
    const twice = names.find((name, i) => names.indexOf(name) !== i);
    if (twice) throw new Error(`two scheduled jobs are named "${twice}"`);
  }

  /** Catches up, then ticks every `tickMs` until stopped. */
  async start(): Promise<FiredSlot[]> {
    const fired = await this.catchUp();
    this.timer = setInterval(() => {
      if (this.busy) return;
      void this.tick().catch((error) =>
        this.options.log.error({ err: String(error) }, 'scheduler tick failed'),
      );
    }, this.tickMs);
    this.timer.unref();
    return fired;
  }

  /** On start: each job's missed, unclaimed slots inside its catch-up window, run now (late). */
  catchUp(now: Date = this.options.clock.now()): Promise<FiredSlot[]> {
    this.lastTick = undefined;
    return this.tick(now);
  }

  /** Fires the slots due since the previous tick (or the catch-up window, before any). */
  tick(now: Date = this.options.clock.now()): Promise<FiredSlot[]> {
    const run = this.queue.then(async () => {
      if (this.lastTick && now <= this.lastTick) return [];
      this.busy = true;
      try {
        const since = this.lastTick;
        this.lastTick = now;
        const perJob = await Promise.all(this.options.jobs.map((job) => this.fireJob(job, since, now)));
        return perJob.flat();
      } finally {
        this.busy = false;
      }
    });
    this.queue = run.catch(() => {});
    return run;
  }

  /** Slots of `jobName` after `since` up to now that nobody claimed: posted by no replica. */
  async missedSlots(jobName: string, since: Date): Promise<Date[]> {
    const job = this.options.jobs.find((j) => j.name === jobName);
    if (!job) throw new Error(`no scheduled job is named "${jobName}"`);
    const claimed = await this.claimedKeys(job.name);
    return slotsBetween(job.cron, job.timezone, since, this.options.clock.now()).filter(
      (slot) => !claimed.has(slotKey(slot)),
    );
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.queue;
  }

  private async fireJob(job: ScheduledJob, since: Date | undefined, now: Date): Promise<FiredSlot[]> {
    const due = dueSlots(job, since, now);
    if (due.length === 0) return [];
    const claimed = await this.claimedKeys(job.name);
    const fired: FiredSlot[] = [];
    for (const slot of due) {
      if (claimed.has(slotKey(slot))) continue;
      fired.push(await this.fireSlot(job, slot, now.getTime() - slot.getTime() > this.graceMs));
    }
    return fired;
  }

  private async fireSlot(job: ScheduledJob, slot: Date, late: boolean): Promise<FiredSlot> {
    const fired = { job: job.name, slot: slotKey(slot), late };
    try {
      const rows: OutboxEffect[] = job.effects ? await job.effects(slot, late) : [];
      this.options.failpoint?.(`schedule.built:${job.name}`);
      const claim = { job: job.name, slot: fired.slot, owner: this.owner, late };
      const { claimed } = await this.options.store.claimSlot(claim, () => rows);
      if (!claimed) return { ...fired, outcome: 'taken' };
      this.options.failpoint?.(`schedule.claimed:${job.name}`);
      await job.run(slot, late);
      this.options.log.info(fired, late ? 'scheduled job ran late' : 'scheduled job ran');
      return { ...fired, outcome: 'ran' };
    } catch (error) {
      // No one to answer here but the log; a slot that failed before its claim stays missed.
      this.options.log.error({ ...fired, err: String(error) }, 'scheduled job failed');
      return { ...fired, outcome: 'failed' };
    }
  }

  private async claimedKeys(job: string): Promise<Set<string>> {
    const slots = await this.options.store.listSlots(job, CLAIMS_READ);
    return new Set(slots.map((s) => slotKey(new Date(s.slot))));
  }
}
