import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ActionPorts, Actor } from '../../src/actions/action-ports.js';
import { FixedDirectory } from '../../src/chat/fixed-directory.js';
import { RecordingChat } from '../../src/chat/recording-chat.js';
import { DuckdbStateStore } from '../../src/store/duckdb/duckdb-state-store.js';
import { catalog, duckdbPorts } from '../support/ports.js';
import { buildTinyWarehouse } from '../support/tiny-warehouse.js';

export const TODAY = '2023-11-05';
const FINAL = [
  '2022-10-18',
  '2022-10-19',
  '2023-10-24',
  '2023-10-25',
  '2023-10-31',
  '2023-11-01',
  '2023-11-02',
  '2023-11-03',
];

export const ACTORS: readonly Actor[] = [
  { id: 'U0OPS', handle: 'ops', channel: 'C0OPS' },
  { id: 'U0LEAD1', handle: 'lead1', channel: 'C0OPS' },
  { id: 'U0RANDO', handle: null, channel: 'C0OPS' },
  { id: 'U0LEAD2', handle: 'lead2', channel: 'C0QUIET' },
];

/** The actor a case's number picks. */
export const actorAt = (n: number): Actor => ACTORS[n % ACTORS.length] as Actor;

export interface FuzzWorld {
  dir: string;
  ports: ActionPorts;
  chat: RecordingChat;
  warehousePath: string;
  statePath: string;
  close(): Promise<void>;
}

/**
 * A small pipeline with something in every state (a phase complete, one half done, failed runs, a
 * bootstrap failure, player coverage under 90%), as a DuckDB warehouse file.
 */
export async function buildFuzzWarehouse(): Promise<{ path: string; cleanup: () => void }> {
  const byPhase = (phase: number, dates: string[]) =>
    catalog.tables.filter((t) => t.phase === phase).map((t) => [t.table, dates] as const);
  return buildTinyWarehouse(catalog, {
    finalDates: FINAL,
    scheduledDates: ['2023-11-07'],
    present: Object.fromEntries([...byPhase(2, FINAL), ...byPhase(3, FINAL.slice(0, 5))]),
    runs: [
      {
        processor: 'PlayerGameSummaryProcessor',
        phase: 'phase_3_analytics',
        date: '2023-11-01',
        status: 'failed',
        startedAt: '2023-11-02 07:00:00',
        errors: 'ValueError: bad row 17',
      },
      {
        processor: 'TeamDefenseZoneAnalysisProcessor',
        phase: 'phase_4_precompute',
        date: '2023-10-25',
        status: 'failed',
        startedAt: '2023-10-26 07:00:00',
        errors: 'INSUFFICIENT_DATA: early season',
      },
      {
        processor: 'PlayerGameSummaryProcessor',
        phase: 'phase_3_analytics',
        date: '2023-10-31',
        status: 'success',
        startedAt: '2023-11-04 07:00:00',
      },
    ],
    playerCoverage: [{ date: '2023-11-01', expected: 20, actual: 17 }],
  });
}

/**
 * That pipeline's real DuckDB warehouse and state store, the recording chat and a fixed directory:
 * enough for every command and action to run, fast.
 */
export async function openFuzzWorld(): Promise<FuzzWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'backfill-fuzz-'));
  const tiny = await buildFuzzWarehouse();
  const base = await duckdbPorts(tiny.path, TODAY);
  const statePath = join(dir, 'state.duckdb');
  const store = await DuckdbStateStore.open({ path: statePath, clock: base.clock });
  const chat = new RecordingChat({ notInChannel: { C0QUIET: 'quiet' } });
  const directory = new FixedDirectory({
    groups: { S0LEADS: ['U0LEAD1', 'U0LEAD2'], S0OPS: ['U0OPS'] },
    handles: { U0OPS: 'ops', U0LEAD1: 'lead1', U0LEAD2: 'lead2' },
  });
  return {
    dir,
    ports: { ...base, store, chat, directory },
    chat,
    warehousePath: tiny.path,
    statePath,
    async close() {
      await store.close();
      await base.warehouse.close();
      tiny.cleanup();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Forgets what the recording chat holds (the heatmap's PNGs add up over thousands of cases). */
export function clearChat(chat: RecordingChat): void {
  for (const list of [chat.posts, chat.updates, chat.tells, chat.forms, chat.homes, chat.uploads])
    list.length = 0;
}
