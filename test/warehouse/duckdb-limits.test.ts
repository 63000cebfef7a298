import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock/clock.js';
import { loadEnv } from '../../src/config/env.js';
import { DuckdbStateStore } from '../../src/store/duckdb/duckdb-state-store.js';
import { openStateStore } from '../../src/store/open-state-store.js';
import { DuckdbClient } from '../../src/warehouse/duckdb/duckdb-client.js';
import { withWriteWindow } from '../../src/warehouse/duckdb/write-window.js';
import { duckdbClientOptions } from '../../src/warehouse/open-warehouse.js';
import { catalog } from '../support/ports.js';
import { buildTinyWarehouse } from '../support/tiny-warehouse.js';

// DuckDB's own default memory_limit is 80% of the machine's memory per instance: every instance the
// bot opens gets BACKFILL_DUCKDB_MEMORY_LIMIT instead, read back here from DuckDB itself.

const SETTINGS =
  "SELECT current_setting('memory_limit') AS memory, current_setting('threads')::VARCHAR AS threads";

async function settingsOf(client: DuckdbClient) {
  const [row] = await client.query({ sql: SETTINGS, params: {}, label: 'settings' });
  return row;
}

describe('the DuckDB limits the environment sets', () => {
  let dir: string;
  let warehouse: { path: string; cleanup: () => void };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'backfill-limits-'));
    warehouse = await buildTinyWarehouse(catalog, { finalDates: ['2023-11-01'] });
  });
  afterAll(() => {
    warehouse.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  const env = () =>
    loadEnv({
      BACKFILL_DUCKDB_PATH: warehouse.path,
      BACKFILL_STATE_PATH: join(dir, 'state.duckdb'),
      BACKFILL_DUCKDB_MEMORY_LIMIT: '256MiB',
    });

  it('reach the warehouse the bot serves from: memory_limit, and one thread', async () => {
    const client = await DuckdbClient.open(duckdbClientOptions(env(), 'serve'));
    try {
      expect(await settingsOf(client)).toEqual({ memory: '256.0 MiB', threads: '1' });
    } finally {
      await client.close();
    }
  });

  it('reach the warehouse the CLI reads, which keeps a thread per core for its one query', async () => {
    const client = await DuckdbClient.open(duckdbClientOptions(env(), 'single'));
    try {
      expect((await settingsOf(client))?.memory).toBe('256.0 MiB');
    } finally {
      await client.close();
    }
  });

  it('reach the state store: memory_limit, and a thread each for its write and read connections', async () => {
    const store = await openStateStore(catalog, env(), fixedClock(new Date('2023-11-05T12:00:00Z')));
    try {
      expect(store).toBeInstanceOf(DuckdbStateStore);
      const duckdb = store as DuckdbStateStore;
      expect(await duckdb.duckdbSetting('memory_limit')).toBe('256.0 MiB');
      expect(await duckdb.duckdbSetting('threads')).toBe('2');
    } finally {
      await store.close();
    }
  });

  it("reach the simulator's write window", async () => {
    const window = await withWriteWindow(
      warehouse.path,
      async (connection) => (await connection.runAndReadAll(SETTINGS)).getRowObjectsJson()[0],
      undefined,
      { memoryLimit: '128MiB' },
    );
    expect(window.value?.memory).toBe('128.0 MiB');
  });

  it('bound an instance opened without them too: 512MB (DuckDB shows 488.2 MiB), not 80% of RAM', async () => {
    const client = await DuckdbClient.open({ path: warehouse.path });
    try {
      expect((await settingsOf(client))?.memory).toBe('488.2 MiB');
    } finally {
      await client.close();
    }
  });
});
