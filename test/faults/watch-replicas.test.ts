import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWatch } from '../../src/actions/watch-start.js';
import { Watcher } from '../../src/actions/watcher.js';
import { FixedDirectory } from '../../src/chat/fixed-directory.js';
import { RecordingChat } from '../../src/chat/recording-chat.js';
import type { CommandPorts } from '../../src/commands/command-context.js';
import { parseWatchWords } from '../../src/commands/watch.js';
import type { StateStore } from '../../src/store/state-store.js';
import { fakeClock } from '../schedules/schedule-fixtures.js';
import { bigqueryStoreHarness } from '../store/bigquery-store-harness.js';
import { catalog, duckdbPorts } from '../support/ports.js';
import { buildTinyWarehouse } from '../support/tiny-warehouse.js';

// Two bot replicas on one BigQuery state dataset (the real client against the REST stand-in) drive
// the same watch: each tick is claimed by one of them, which alone reads the warehouse and redraws.

const DATES = ['2021-11-01', '2021-11-02', '2021-11-03'];
const silent = { info() {}, error() {} };

describe('two replicas on one BigQuery store', () => {
  const clock = fakeClock('2026-11-23T13:00:00.000Z');
  let harness: Awaited<ReturnType<typeof bigqueryStoreHarness>>;
  let stores: StateStore[];
  let warehouse: CommandPorts;
  let cleanup: () => void;

  beforeAll(async () => {
    harness = await bigqueryStoreHarness(clock);
    stores = [await harness.open(), await harness.replica()];
    const tiny = await buildTinyWarehouse(catalog, {
      finalDates: DATES,
      present: { player_game_summary: DATES.slice(0, 1) },
    });
    cleanup = tiny.cleanup;
    warehouse = await duckdbPorts(tiny.path, '2026-11-23');
  }, 60_000);
  afterAll(async () => {
    for (const store of stores ?? []) await store.close();
    await warehouse?.warehouse.close();
    cleanup?.();
    await harness?.dispose();
  });

  it('draw each tick of a watch once between them', async () => {
    const replica = (store: StateStore) => ({
      ...warehouse,
      clock,
      store,
      chat: new RecordingChat(),
      directory: new FixedDirectory({}),
    });
    const [a, b] = stores.map(replica);
    if (!a || !b) throw new Error('two replicas');
    const words = parseWatchWords(['2021-11-01..2021-11-03', 'analytics', 'every', '30s'], a);
    if (words.kind !== 'start') throw new Error('watch words');
    const { watch } = await startWatch(
      { words, actor: { id: 'U0OPS', handle: 'ops', channel: 'C0OPS' }, key: 'k' },
      a,
    );
    const watchers = [a, b].map(
      (ports, i) => new Watcher({ ports, relay: { kick() {} }, log: silent, owner: `replica-${i}` }),
    );
    for (const at of ['13:00:30', '13:01:00', '13:01:30']) {
      clock.set(`2026-11-23T${at}.000Z`);
      const outcomes = (await Promise.all(watchers.map((w) => w.tick()))).flat().map((r) => r.outcome);
      expect(outcomes.sort()).toEqual(['drawn', 'taken']);
    }
    const rows = await stores[0]?.listOutbox({ stream: `watch:${watch?.id}` });
    expect(rows?.map((r) => r.key)).toEqual([
      `watch:${watch?.id}:post`,
      `watch:${watch?.id}:post:tick:2026-11-23T13:00:30.000Z`,
      `watch:${watch?.id}:post:tick:2026-11-23T13:01:00.000Z`,
      `watch:${watch?.id}:post:tick:2026-11-23T13:01:30.000Z`,
    ]);
    expect(await stores[1]?.listSlots(`watch:${watch?.id}`)).toHaveLength(3);
    expect(await stores[1]?.getWatch(watch?.id ?? '')).toMatchObject({
      version: 4,
      lastTickAt: '2026-11-23T13:01:30.000Z',
    });
  }, 60_000);
});
