import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ActionPorts, Actor } from '../../src/actions/action-ports.js';
import { startWatch } from '../../src/actions/watch-start.js';
import { Watcher } from '../../src/actions/watcher.js';
import { FixedDirectory } from '../../src/chat/fixed-directory.js';
import { RecordingChat } from '../../src/chat/recording-chat.js';
import { parseWatchWords } from '../../src/commands/watch.js';
import type { Catalog } from '../../src/config/catalog-schema.js';
import { type Message, plainText } from '../../src/domain/message.js';
import { OutboxRelay } from '../../src/outbox/outbox-relay.js';
import { LocalQueue } from '../../src/queue/local/local-queue.js';
import { DuckdbStateStore } from '../../src/store/duckdb/duckdb-state-store.js';
import { withWriteWindow } from '../../src/warehouse/duckdb/write-window.js';
import { type FakeClock, fakeClock } from '../schedules/schedule-fixtures.js';
import { catalog, duckdbPorts } from '../support/ports.js';
import { buildTinyWarehouse, type TinyRun } from '../support/tiny-warehouse.js';

// A backfill of Phase 3 over six game days of 2021-22 (after its bootstrap week), watched live: the
// real DuckDB warehouse (rows are added in write windows as the pipeline would), the real DuckDB
// store, the recording chat, the real relay, and a clock that moves only when told.

export const DATES = ['2021-11-01', '2021-11-02', '2021-11-03', '2021-11-04', '2021-11-05', '2021-11-06'];
export const RANGE = `${DATES[0]}..${DATES.at(-1)}`;
export const PGS = 'PlayerGameSummaryProcessor';
export const START = '2026-11-23T13:00:00.000Z';
const phase3 = (dates: string[]) =>
  Object.fromEntries(catalog.tables.filter((t) => t.phase === 3).map((t) => [t.table, dates]));
const run = (processor: string, date: string, at: string, status = 'success'): TinyRun => ({
  processor,
  phase: 'phase_3_analytics',
  date,
  status,
  startedAt: at,
  ...(status === 'failed' ? { errors: `ValueError: no boxscore for ${date}` } : {}),
});

export const rando: Actor = { id: 'U0RANDO', handle: 'rando', channel: 'C0OPS' };
export const ops: Actor = { id: 'U0OPS', handle: 'ops', channel: 'C0OPS' };
export const stranger: Actor = { id: 'U0OTHER', handle: 'other', channel: 'C0OPS' };

/** The words of every text block, the way a reader sees them (people by handle). */
export const words = (m: Message | undefined) =>
  (m?.blocks ?? [])
    .flatMap((b) => (b.kind === 'text' || b.kind === 'context' ? [plainText(b.text)] : []))
    .join('\n');
/** Each bar as "label done/total · note" (an ended watch's bars have no ETA note). */
export const barsOf = (m: Message | undefined) =>
  (m?.blocks ?? []).flatMap((b) =>
    b.kind === 'bars'
      ? b.bars.map((bar) => `${bar.label} ${bar.done}/${bar.total}${bar.note ? ` · ${bar.note}` : ''}`)
      : [],
  );
export const buttonsOf = (m: Message | undefined) =>
  (m?.blocks ?? []).flatMap((b) => (b.kind === 'actions' ? b.actions.map((a) => a.label) : []));

export interface WatchWorld {
  ports: ActionPorts;
  /** The warehouse and state files, for a CLI run beside (with the store closed). */
  warehousePath: string;
  statePath: string;
  clock: FakeClock;
  chat: RecordingChat;
  relay: OutboxRelay;
  store: DuckdbStateStore;
  /** A watcher of this world (a replica, when given another owner). */
  watcher(owner?: string): Watcher;
  /** Ticks the watcher each minute after now up to `hhmm` (UTC, on the start's day), delivering as it goes. */
  tickUntil(watcher: Watcher, hhmm: string): Promise<void>;
  start(text: string, actor?: Actor, key?: string): ReturnType<typeof startWatch>;
  /** The pipeline writes `dates` of player_game_summary, each with a successful run at `at`. */
  backfill(dates: string[], at: string): Promise<void>;
  /** Closes the store and opens it again on the same file: a restart. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

const silent = { info() {}, warn() {}, error() {} };

export async function openWatchWorld(over: Partial<Catalog> = {}): Promise<WatchWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'backfill-watch-'));
  const tiny = await buildTinyWarehouse(catalog, {
    finalDates: DATES,
    present: { ...phase3(DATES), player_game_summary: DATES.slice(0, 2) },
    runs: [
      run(PGS, DATES[0] ?? '', '2026-11-23 12:20:00'),
      run(PGS, DATES[1] ?? '', '2026-11-23 12:40:00'),
      run(PGS, DATES[2] ?? '', '2026-11-23 12:45:00', 'failed'),
    ],
  });
  const clock = fakeClock(START);
  const opened = await duckdbPorts(tiny.path, '2026-11-23');
  const statePath = join(dir, 'state.duckdb');
  let store = await DuckdbStateStore.open({ path: statePath, clock });
  const chat = new RecordingChat();
  const queue = new LocalQueue(join(dir, 'queue.jsonl'), clock);
  const ports: ActionPorts = {
    ...opened,
    catalog: { ...catalog, ...over },
    clock,
    store,
    chat,
    directory: new FixedDirectory({ groups: { S0LEADS: ['U0LEAD1'], S0OPS: ['U0OPS'] } }),
  };
  const relayOf = () => new OutboxRelay({ store, chat, queue, clock, log: silent });
  let relay = relayOf();
  const world: WatchWorld = {
    ports,
    warehousePath: tiny.path,
    statePath,
    clock,
    chat,
    get relay() {
      return relay;
    },
    get store() {
      return store;
    },
    watcher: (owner = 'replica-a') =>
      new Watcher({ ports: world.ports, relay: { kick() {} }, log: silent, owner }),
    async tickUntil(watcher, hhmm) {
      const end = Date.parse(`${START.slice(0, 10)}T${hhmm}:00.000Z`);
      for (let ms = clock.now().getTime() + 60_000; ms <= end; ms += 60_000) {
        clock.set(new Date(ms).toISOString());
        await watcher.tick();
        await relay.drain();
      }
    },
    async start(text, actor = rando, key = `trigger:${text}`) {
      const parsed = parseWatchWords(text.split(' ').slice(1), ports);
      if (parsed.kind !== 'start') throw new Error('watch start words');
      const started = await startWatch({ words: parsed, actor, key }, ports);
      await relay.drain();
      return started;
    },
    async backfill(dates, at) {
      const rh = catalog.runHistory;
      const c = rh.columns;
      await withWriteWindow(tiny.path, async (connection) => {
        for (const date of dates) {
          await connection.run(
            `INSERT INTO nba_analytics.player_game_summary (game_date, player_lookup) VALUES ('${date}'::DATE, 'p1')`,
          );
          await connection.run(
            `INSERT INTO "${rh.dataset}"."${rh.table}" ("${c.processor}", "${c.phase}", "${c.date}", "${c.status}", "${c.startedAt}")
             VALUES ('${PGS}', 'phase_3_analytics', '${date}'::DATE, 'success', '${at}'::TIMESTAMP)`,
          );
        }
      });
    },
    async restart() {
      await relay.stop();
      await store.close();
      store = await DuckdbStateStore.open({ path: statePath, clock });
      world.ports = { ...world.ports, store };
      relay = relayOf();
    },
    async close() {
      await relay.stop();
      await store.close();
      await opened.warehouse.close();
      tiny.cleanup();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return world;
}
