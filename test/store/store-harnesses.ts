import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckdbStateStore } from '../../src/store/duckdb/duckdb-state-store.js';
import type { StateStore } from '../../src/store/state-store.js';
import { bigqueryStoreHarness } from './bigquery-store-harness.js';
import type { SettableClock } from './store-fixtures.js';
import { writeVersion1File } from './version-1-store.js';
import { writeVersion2File } from './version-2-store.js';
import { writeVersion3File } from './version-3-store.js';
import { writeVersion4File } from './version-4-store.js';

/** Storage that outlives one store: each open() is a restart on the same file or dataset. */
export interface StoreHarness {
  open(): Promise<StateStore>;
  /**
   * Another bot replica on the same storage, beside `current`. A DuckDB file admits one process,
   * so there every owner goes through the one store.
   */
  replica(current: StateStore): Promise<StateStore>;
  dispose(): Promise<void>;
}

/** What an earlier release left: see version-1-store.ts ... version-4-store.ts. */
export type StoreSeed = 'version-1' | 'version-2' | 'version-3' | 'version-4';

/** Empty storage, or storage an earlier release wrote. */
export type MakeHarness = (clock: SettableClock, seed?: StoreSeed) => Promise<StoreHarness>;

async function duckdbHarness(clock: SettableClock, seed?: StoreSeed): Promise<StoreHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'backfill-state-'));
  const path = join(dir, 'state.duckdb');
  if (seed === 'version-1') await writeVersion1File(path);
  if (seed === 'version-2') await writeVersion2File(path);
  if (seed === 'version-3') await writeVersion3File(path);
  if (seed === 'version-4') await writeVersion4File(path);
  return {
    open: () => DuckdbStateStore.open({ path, clock }),
    replica: async (current) => current,
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

// One contract, every adapter: another adapter joins with one more line here.
export const STORE_ADAPTERS: [string, MakeHarness][] = [
  ['DuckDB', duckdbHarness],
  ['BigQuery (real client, REST stand-in)', bigqueryStoreHarness],
];
