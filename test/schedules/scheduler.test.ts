import { afterEach, describe, expect, it } from 'vitest';
import { Scheduler } from '../../src/schedules/scheduler.js';
import type { OutboxEffect } from '../../src/store/state-store.js';
import { MemorySlotStore } from './memory-slot-store.js';
import {
  fakeClock,
  quietLog,
  recordingJob,
  SLOT_STORES,
  type SlotStoreHarness,
  scheduler,
  tickThrough,
} from './schedule-fixtures.js';

describe.each(SLOT_STORES)('Scheduler over the %s slot store', (_name, makeStore) => {
  let harness: SlotStoreHarness | undefined;
  afterEach(async () => {
    await harness?.dispose();
    harness = undefined;
  });
  const open = async (clock: ReturnType<typeof fakeClock>) => {
    harness = await makeStore(clock);
    return harness.store;
  };

  it('fires a 09:00 and a 02:30 job once each day across 2026-03-08 (02:30 at 03:00 EDT)', async () => {
    const clock = fakeClock('2026-03-07T05:00:00Z');
    const nine = recordingJob('reminders', '0 9 * * *');
    const early = recordingJob('early', '30 2 * * *');
    const s = scheduler(await open(clock), clock, [nine.job, early.job]);
    await s.catchUp();
    await tickThrough([s], clock, '2026-03-07T05:00:00Z', '2026-03-10T05:00:00Z');
    expect(nine.runs).toEqual([
      '2026-03-07T14:00:00.000Z',
      '2026-03-08T13:00:00.000Z',
      '2026-03-09T13:00:00.000Z',
    ]);
    expect(early.runs).toEqual([
      '2026-03-07T07:30:00.000Z',
      '2026-03-08T07:00:00.000Z',
      '2026-03-09T06:30:00.000Z',
    ]);
  });

  it('fires a 09:00, a 02:30 and a 01:30 job once each day across 2026-11-01', async () => {
    const clock = fakeClock('2026-10-31T04:00:00Z');
    const nine = recordingJob('reminders', '0 9 * * *');
    const early = recordingJob('early', '30 2 * * *');
    const repeated = recordingJob('repeated', '30 1 * * *');
    const s = scheduler(await open(clock), clock, [nine.job, early.job, repeated.job]);
    await s.catchUp();
    await tickThrough([s], clock, '2026-10-31T04:00:00Z', '2026-11-03T04:00:00Z');
    expect(nine.runs).toEqual([
      '2026-10-31T13:00:00.000Z',
      '2026-11-01T14:00:00.000Z',
      '2026-11-02T14:00:00.000Z',
    ]);
    expect(early.runs).toEqual([
      '2026-10-31T06:30:00.000Z',
      '2026-11-01T07:30:00.000Z',
      '2026-11-02T07:30:00.000Z',
    ]);
    expect(repeated.runs).toEqual([
      '2026-10-31T05:30:00.000Z',
      '2026-11-01T05:30:00.000Z',
      '2026-11-02T06:30:00.000Z',
    ]);
  });

  it('runs a slot once when two schedulers on one store fire it together', async () => {
    const clock = fakeClock('2026-03-08T12:00:00Z');
    const store = await open(clock);
    const a = recordingJob('reminders', '0 9 * * *');
    const b = recordingJob('reminders', '0 9 * * *');
    const first = scheduler(store, clock, [a.job], 'replica-a');
    const second = scheduler(store, clock, [b.job], 'replica-b');
    await Promise.all([first.catchUp(), second.catchUp()]);
    await tickThrough([first, second], clock, '2026-03-08T12:00:00Z', '2026-03-09T14:00:00Z');
    expect([...a.runs, ...b.runs].sort()).toEqual(['2026-03-08T13:00:00.000Z', '2026-03-09T13:00:00.000Z']);
    const claims = await store.listSlots('reminders');
    expect(claims.map((c) => c.slot)).toEqual(['2026-03-09T13:00:00.000Z', '2026-03-08T13:00:00.000Z']);
  });

  it('re-fires nothing after a restart on the same store', async () => {
    const clock = fakeClock('2026-03-09T12:00:00Z');
    const store = await open(clock);
    const before = recordingJob('report', '0 8 * * *');
    const first = scheduler(store, clock, [before.job]);
    await first.catchUp();
    await tickThrough([first], clock, '2026-03-09T12:00:00Z', '2026-03-09T12:30:00Z');
    await first.stop();
    expect(before.runs).toEqual(['2026-03-09T12:00:00.000Z']); // 08:00 EDT, on time

    const after = recordingJob('report', '0 8 * * *');
    const restarted = scheduler(store, clock, [after.job], 'replica-a-again');
    expect(await restarted.catchUp()).toEqual([]);
    await tickThrough([restarted], clock, '2026-03-09T12:30:00Z', '2026-03-09T13:00:00Z');
    expect(after.runs).toEqual([]);
  });

  it('posts a report slot missed within catchUpHours late, and lists the older ones as missed', async () => {
    // Down from before 08:00 on 2026-03-07 until 10:00 EDT on 2026-03-09.
    const clock = fakeClock('2026-03-09T14:00:00Z');
    const store = await open(clock);
    const report = recordingJob('report', '0 8 * * *', { hours: 6 });
    const s = scheduler(store, clock, [report.job]);
    expect(await s.catchUp()).toEqual([
      { job: 'report', slot: '2026-03-09T12:00:00.000Z', late: true, outcome: 'ran' },
    ]);
    expect(report.runs).toEqual(['2026-03-09T12:00:00.000Z late']);
    expect((await store.listSlots('report')).map((c) => [c.slot, c.late, c.owner])).toEqual([
      ['2026-03-09T12:00:00.000Z', true, 'replica-a'],
    ]);
    const missed = await s.missedSlots('report', new Date('2026-03-07T00:00:00Z'));
    expect(missed.map((d) => d.toISOString())).toEqual([
      '2026-03-07T13:00:00.000Z',
      '2026-03-08T12:00:00.000Z',
    ]);
  });

  it('skips a report slot older than catchUpHours', async () => {
    const clock = fakeClock('2026-03-09T18:01:00Z'); // 14:01 EDT: 08:00 was 6 h 1 min ago
    const report = recordingJob('report', '0 8 * * *', { hours: 6 });
    expect(await scheduler(await open(clock), clock, [report.job]).catchUp()).toEqual([]);
    expect(report.runs).toEqual([]);
  });

  it("runs a 'latest' job once on start, for the most recent missed slot, however long the outage", async () => {
    const clock = fakeClock('2026-03-09T15:00:00Z'); // down since 2026-03-01
    const store = await open(clock);
    const milestones = recordingJob('reminders', '0 9 * * *', 'latest');
    const s = scheduler(store, clock, [milestones.job]);
    await s.catchUp();
    expect(milestones.runs).toEqual(['2026-03-09T13:00:00.000Z late']);
    await tickThrough([s], clock, '2026-03-09T15:00:00Z', '2026-03-10T14:00:00Z');
    expect(milestones.runs).toEqual(['2026-03-09T13:00:00.000Z late', '2026-03-10T13:00:00.000Z']);
    expect(await scheduler(store, clock, [milestones.job], 'replica-b').catchUp()).toEqual([]);
  });

  it('runs every missed slot back to a date for a job that asks for every one', async () => {
    const clock = fakeClock('2026-03-09T15:00:00Z');
    const job = recordingJob('digest', '0 9 * * *', {
      since: new Date('2026-03-06T00:00:00Z'),
      take: 'every',
    });
    await scheduler(await open(clock), clock, [job.job]).catchUp();
    expect(job.runs).toEqual([
      '2026-03-06T14:00:00.000Z late',
      '2026-03-07T14:00:00.000Z late',
      '2026-03-08T13:00:00.000Z late',
      '2026-03-09T13:00:00.000Z late',
    ]);
  });

  it("writes the winner's outbox rows with its claim, and only the winner runs", async () => {
    const clock = fakeClock('2026-03-09T12:00:30Z');
    const store = await open(clock);
    const ran: string[] = [];
    const replicaJob = (owner: string) => ({
      name: 'report',
      cron: '0 8 * * *',
      timezone: 'America/New_York',
      catchUp: { hours: 6 },
      effects: async (slot: Date): Promise<OutboxEffect[]> => [
        {
          key: `report:${slot.toISOString()}`,
          kind: 'chat.post',
          stream: `report:${slot.toISOString()}`,
          payload: { channel: 'backfill-ops', text: `report by ${owner}` },
        },
      ],
      run: async () => {
        ran.push(owner);
      },
    });
    const fired = await Promise.all(
      ['replica-a', 'replica-b'].map((owner) =>
        scheduler(store, clock, [replicaJob(owner)], owner).catchUp(),
      ),
    );
    expect(ran).toHaveLength(1);
    expect(
      fired
        .flat()
        .map((f) => [f.outcome, f.late])
        .sort(),
    ).toEqual([
      ['ran', false],
      ['taken', false],
    ]);
    expect(await harness?.payloads('report:2026-03-09T12:00:00.000Z')).toEqual([
      { channel: 'backfill-ops', text: `report by ${ran[0]}` },
    ]);
  });
});

describe('Scheduler', () => {
  it('logs a job that fails and still runs the others', async () => {
    const clock = fakeClock('2026-03-09T13:00:10Z');
    const log = quietLog();
    const ok = recordingJob('reminders', '0 9 * * *');
    const broken = {
      ...recordingJob('report', '0 9 * * *').job,
      run: () => Promise.reject(new Error('warehouse down')),
    };
    const s = new Scheduler({
      store: new MemorySlotStore(clock),
      clock,
      jobs: [broken, ok.job],
      log,
      owner: 'a',
    });
    expect((await s.catchUp()).map((f) => `${f.job} ${f.outcome}`)).toEqual([
      'report failed',
      'reminders ran',
    ]);
    expect(ok.runs).toEqual(['2026-03-09T13:00:00.000Z']);
    expect(log.errors).toEqual([
      { job: 'report', slot: '2026-03-09T13:00:00.000Z', late: false, err: 'Error: warehouse down' },
    ]);
  });

  it('catches up on start and stops its timer on stop', async () => {
    const clock = fakeClock('2026-03-09T13:30:00Z');
    const job = recordingJob('reminders', '0 9 * * *');
    const s = scheduler(new MemorySlotStore(clock), clock, [job.job]);
    expect(await s.start()).toEqual([
      { job: 'reminders', slot: '2026-03-09T13:00:00.000Z', late: true, outcome: 'ran' },
    ]);
    await s.stop();
    expect(job.runs).toEqual(['2026-03-09T13:00:00.000Z late']);
  });

  describe('failpoints', () => {
    const reportWithRows = (runs: string[]) => ({
      ...recordingJob('report', '0 8 * * *').job,
      effects: async (slot: Date): Promise<OutboxEffect[]> => [
        {
          key: `schedule:report:${slot.toISOString()}`,
          kind: 'chat.post',
          stream: 'schedule:report',
          payload: { channel: 'backfill-ops', text: 'report' },
        },
      ],
      run: async (slot: Date) => {
        runs.push(slot.toISOString());
      },
    });

    it('names the point after the rows are built (nothing claimed) and after the claim (rows stored, not run)', async () => {
      const clock = fakeClock('2026-03-09T12:05:00Z');
      const store = new MemorySlotStore(clock);
      const runs: string[] = [];
      const seen: string[] = [];
      const failpoint = (name: string) =>
        seen.push(`${name}: ${store.slots.size} claimed, ${store.rows.length} rows, ${runs.length} runs`);
      const s = new Scheduler({ store, clock, jobs: [reportWithRows(runs)], log: quietLog(), failpoint });
      await s.catchUp();
      expect(seen).toEqual([
        'schedule.built:report: 0 claimed, 0 rows, 0 runs',
        'schedule.claimed:report: 1 claimed, 1 rows, 0 runs',
      ]);
      expect(runs).toEqual(['2026-03-09T12:00:00.000Z']);
    });

    it('passes a replica that loses the claim through the built point only', async () => {
      const clock = fakeClock('2026-03-09T12:05:00Z');
      const store = new MemorySlotStore(clock);
      const runs: string[] = [];
      const seen: string[] = [];
      const replica = (owner: string) =>
        new Scheduler({
          store,
          clock,
          jobs: [reportWithRows(runs)],
          log: quietLog(),
          owner,
          failpoint: (name) => seen.push(`${owner} ${name}`),
        });
      await Promise.all([replica('a').catchUp(), replica('b').catchUp()]);
      expect(seen.filter((p) => p.endsWith('schedule.built:report'))).toHaveLength(2);
      expect(seen.filter((p) => p.endsWith('schedule.claimed:report'))).toHaveLength(1);
      expect(runs).toHaveLength(1);
      expect(store.rows).toHaveLength(1);
    });
  });

  it('refuses two jobs with one name', () => {
    const clock = fakeClock('2026-03-09T13:30:00Z');
    const job = recordingJob('reminders', '0 9 * * *').job;
    expect(() => new Scheduler({ store: {} as never, clock, jobs: [job, job], log: quietLog() })).toThrow(
      'two scheduled jobs are named "reminders"',
    );
  });
});
