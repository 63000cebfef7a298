import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '../../src/outbox/outbox-payload.js';
import type { ScheduledJob } from '../../src/schedules/scheduled-job.js';
import type { StateStore } from '../../src/store/state-store.js';
import { fakeClock, NEW_YORK, scheduler } from '../schedules/schedule-fixtures.js';
import { bigqueryStoreHarness } from '../store/bigquery-store-harness.js';
import { outboxCounts, reportTally } from './fault-tally.js';

// Two bot replicas on one BigQuery state dataset (the real client against the REST stand-in) fire
// the same 08:00 report slot: one claims it, one post is written, the other replica does nothing.

describe('two replicas on one BigQuery store', () => {
  const clock = fakeClock('2026-01-24T13:00:20Z');
  let harness: Awaited<ReturnType<typeof bigqueryStoreHarness>>;
  let stores: StateStore[];

  beforeAll(async () => {
    harness = await bigqueryStoreHarness(clock);
    stores = [await harness.open(), await harness.replica()];
  }, 60_000);
  afterAll(async () => {
    for (const store of stores ?? []) await store.close();
    await harness?.dispose();
  });

  it('post a slot once between them', async () => {
    const runs: string[] = [];
    const job = (replica: string): ScheduledJob => ({
      name: 'report',
      cron: '0 8 * * *',
      timezone: NEW_YORK,
      catchUp: { hours: 6 },
      effects: async (slot) => [
        outbox.post(`schedule:report:${slot.toISOString()}`, 'schedule:report', {
          channel: 'C0OPS',
          message: { summary: `report from ${replica}`, tone: 'neutral', blocks: [] },
        }),
      ],
      run: async () => {
        runs.push(replica);
      },
    });
    const replicas = stores.map((store, i) => scheduler(store, clock, [job(`replica-${i}`)], `replica-${i}`));
    await Promise.all(replicas.map((r) => r.tick(new Date('2026-01-24T13:00:20Z'))));
    await Promise.all(replicas.map((r) => r.tick(new Date('2026-01-24T13:00:50Z'))));
    expect(runs).toHaveLength(1);
    expect(await stores[0]?.listOutbox({ stream: 'schedule:report' })).toHaveLength(1);
    expect(await stores[1]?.listSlots('report')).toHaveLength(1);
    const [first] = stores;
    if (first)
      reportTally('two replicas fire one report slot', {
        outbox: await outboxCounts(first),
        more: { 'slots claimed': (await first.listSlots('report')).length, 'jobs run': runs.length },
      });
  });
});
