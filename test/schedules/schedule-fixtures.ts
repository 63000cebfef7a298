import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../src/clock/clock.js';
import type { CatchUp, ScheduledJob } from '../../src/schedules/scheduled-job.js';
import { Scheduler, type SchedulerLog } from '../../src/schedules/scheduler.js';
import { DuckdbStateStore } from '../../src/store/duckdb/duckdb-state-store.js';
import type { JsonValue } from '../../src/store/state-store.js';
import { MemorySlotStore, type SlotStore } from './memory-slot-store.js';

export const NEW_YORK = 'America/New_York';

export interface FakeClock extends Clock {
  set(iso: string): void;
}

export function fakeClock(start: string): FakeClock {
  let ms = Date.parse(start);
  return {
    now: () => new Date(ms),
    set: (iso) => {
      ms = Date.parse(iso);
    },
  };
}

/** A job that records each run as "<slot ISO>" or "<slot ISO> late", in `runs`. */
export function recordingJob(name: string, cron: string, catchUp: CatchUp = { hours: 6 }) {
  const runs: string[] = [];
  const job: ScheduledJob = {
    name,
    cron,
    timezone: NEW_YORK,
    catchUp,
    run: async (slot, late) => {
      runs.push(late ? `${slot.toISOString()} late` : slot.toISOString());
    },
  };
  return { job, runs };
}

export const quietLog = (): SchedulerLog & { errors: Record<string, unknown>[] } => {
  const errors: Record<string, unknown>[] = [];
  return { info: () => {}, error: (fields) => errors.push(fields), errors };
};

export function scheduler(store: SlotStore, clock: Clock, jobs: ScheduledJob[], owner = 'replica-a') {
  return new Scheduler({ store, clock, jobs, log: quietLog(), owner });
}

/** Ticks every `stepMinutes` from `fromIso` (exclusive) to `toIso` (inclusive), as the timer would. */
export async function tickThrough(
  schedulers: Scheduler[],
  clock: FakeClock,
  fromIso: string,
  toIso: string,
  stepMinutes = 5,
): Promise<void> {
  const end = Date.parse(toIso);
  for (let ms = Date.parse(fromIso) + stepMinutes * 60_000; ms <= end; ms += stepMinutes * 60_000) {
    clock.set(new Date(ms).toISOString());
    await Promise.all(schedulers.map((s) => s.tick(new Date(ms))));
  }
}

export interface SlotStoreHarness {
  store: SlotStore;
  /** The payloads of the outbox rows written to `stream`, in order. */
  payloads(stream: string): Promise<JsonValue[]>;
  dispose(): Promise<void>;
}

/** The same scheduler tests over the in-memory slot store and the DuckDB adapter. */
export const SLOT_STORES: [string, (clock: Clock) => Promise<SlotStoreHarness>][] = [
  [
    'in memory',
    async (clock) => {
      const store = new MemorySlotStore(clock);
      return {
        store,
        payloads: async (stream) => store.rows.filter((r) => r.stream === stream).map((r) => r.payload),
        dispose: async () => {},
      };
    },
  ],
  [
    'DuckDB',
    async (clock) => {
      const dir = mkdtempSync(join(tmpdir(), 'backfill-schedules-'));
      const store = await DuckdbStateStore.open({ path: join(dir, 'state.duckdb'), clock });
      return {
        store,
        payloads: async (stream) => (await store.listOutbox({ stream })).map((r) => r.payload),
        dispose: async () => {
          await store.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  ],
];
