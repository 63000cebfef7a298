import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DuckdbStateStore } from '../../src/store/duckdb/duckdb-state-store.js';
import { STORE_SCHEMA_VERSION } from '../../src/store/duckdb/duckdb-store-schema.js';
import { StoreError } from '../../src/store/store-error.js';
import { cardPost, newRequest, publish, voteOn } from './store-fixtures.js';
import { writeVersion1File } from './version-1-store.js';
import { writeVersion2File } from './version-2-store.js';
import { writeVersion3File } from './version-3-store.js';
import { writeVersion4File } from './version-4-store.js';

// What only a file can get wrong: where it lives, what else is in it, who else holds it.
async function raw<T>(
  path: string,
  work: (run: (sql: string) => Promise<unknown[]>) => Promise<T>,
): Promise<T> {
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  try {
    return await work(async (sql) => (await connection.runAndReadAll(sql)).getRowObjectsJson());
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** A second process holding the file, as a second `npm start` would. */
function holdFile(path: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { DuckDBInstance } from '@duckdb/node-api';
       await DuckDBInstance.create(process.argv[1]);
       console.log('ready');
       setInterval(() => {}, 1000);`,
      path,
    ],
    { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    child.stdout?.once('data', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`holder exited with ${code}`)));
  });
}

describe('the DuckDB state store file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'backfill-state-file-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates its folder, its tables and a schema version on first open', async () => {
    const path = join(dir, '.data', 'state.duckdb');
    await (await DuckdbStateStore.open({ path })).close();
    const [meta, tables] = await raw(path, async (run) => [
      await run(`SELECT key, value FROM store_meta`),
      await run(`SELECT table_name FROM duckdb_tables() ORDER BY table_name`),
    ]);
    expect(meta).toEqual([{ key: 'schema_version', value: String(STORE_SCHEMA_VERSION) }]);
    expect(tables).toEqual(
      [
        'audit_log',
        'gate_decisions',
        'gate_requests',
        'gate_votes',
        'milestone_state',
        'outbox',
        'rerun_requests',
        'schedule_slots',
        'store_meta',
        'watches',
      ].map((table_name) => ({
        table_name,
      })),
    );
  });

  it('refuses a file written by a newer schema version, naming the file', async () => {
    const path = join(dir, 'state.duckdb');
    await (await DuckdbStateStore.open({ path })).close();
    const newer = STORE_SCHEMA_VERSION + 1;
    await raw(path, (run) => run(`UPDATE store_meta SET value = '${newer}' WHERE key = 'schema_version'`));
    const opening = DuckdbStateStore.open({ path });
    await expect(opening).rejects.toThrow(StoreError);
    await expect(opening).rejects.toThrow(
      `DuckDB state store ${path} has schema version ${newer}; this backfill-bot knows up to ${STORE_SCHEMA_VERSION}`,
    );
  });

  const layout = (path: string) =>
    raw(path, async (run) => [
      await run(`SELECT value FROM store_meta WHERE key = 'schema_version'`),
      await run(
        `SELECT table_name, column_name, data_type FROM duckdb_columns() ORDER BY table_name, column_index`,
      ),
    ]);

  it('migrates a version-1 file in place: new columns last, as a new file has them, the new tables, the current version', async () => {
    const old = join(dir, 'old.duckdb');
    const fresh = join(dir, 'fresh.duckdb');
    await writeVersion1File(old);
    await (await DuckdbStateStore.open({ path: old })).close();
    await (await DuckdbStateStore.open({ path: fresh })).close();
    const [version, columns] = await layout(old);
    expect(version).toEqual([{ value: String(STORE_SCHEMA_VERSION) }]);
    expect(columns).toEqual((await layout(fresh))[1]);
    expect(await raw(old, (run) => run(`SELECT id, requested_by_handle FROM gate_requests`))).toEqual([
      { id: 'g_version1', requested_by_handle: null },
    ]);
  });

  it('migrates a version-2 file in place: rerun_requests, the schedule tables and watches as a new file has them, the current version, rows kept', async () => {
    const old = join(dir, 'old.duckdb');
    const fresh = join(dir, 'fresh.duckdb');
    await writeVersion2File(old);
    const rowsBefore = await raw(old, (run) => run(`SELECT * FROM outbox`));
    await (await DuckdbStateStore.open({ path: old })).close();
    await (await DuckdbStateStore.open({ path: fresh })).close();
    const [version, columns] = await layout(old);
    expect(version).toEqual([{ value: String(STORE_SCHEMA_VERSION) }]);
    expect(columns).toEqual((await layout(fresh))[1]);
    expect(await raw(old, (run) => run(`SELECT * FROM outbox`))).toEqual(rowsBefore);
    // Version 6 rebuilt the outbox to take App Home rows: the kept rows and a new kind both fit.
    const store = await DuckdbStateStore.open({ path: old });
    await store.enqueue(
      [{ key: 'home:U1:test', kind: 'home.publish', stream: 'home:U1', payload: { user: 'U1' } }],
      {
        actor: 'test',
        action: 'home.refresh',
        args: {},
        result: {},
      },
    );
    expect((await store.getOutbox('home:U1:test'))?.kind).toBe('home.publish');
    await store.close();
  });

  it('migrates a version-3 file in place: schedule_slots, milestone_state and watches as a new file has them, the current version, rows kept', async () => {
    const old = join(dir, 'old.duckdb');
    const fresh = join(dir, 'fresh.duckdb');
    await writeVersion3File(old);
    const rowsBefore = await raw(old, (run) => run(`SELECT * FROM rerun_requests`));
    await (await DuckdbStateStore.open({ path: old })).close();
    await (await DuckdbStateStore.open({ path: fresh })).close();
    const [version, columns] = await layout(old);
    expect(version).toEqual([{ value: String(STORE_SCHEMA_VERSION) }]);
    expect(columns).toEqual((await layout(fresh))[1]);
    expect(await raw(old, (run) => run(`SELECT * FROM rerun_requests`))).toEqual(rowsBefore);
  });

  it('migrates a version-4 file in place: watches as a new file has it, the current version, rows kept', async () => {
    const old = join(dir, 'old.duckdb');
    const fresh = join(dir, 'fresh.duckdb');
    await writeVersion4File(old);
    const rowsBefore = await raw(old, (run) => run(`SELECT * FROM schedule_slots`));
    await (await DuckdbStateStore.open({ path: old })).close();
    await (await DuckdbStateStore.open({ path: fresh })).close();
    const [version, columns] = await layout(old);
    expect(version).toEqual([{ value: String(STORE_SCHEMA_VERSION) }]);
    expect(columns).toEqual((await layout(fresh))[1]);
    expect(await raw(old, (run) => run(`SELECT * FROM schedule_slots`))).toEqual(rowsBefore);
  });

  it('refuses to put state into a DuckDB file that holds other tables, such as the warehouse', async () => {
    const path = join(dir, 'backfill.duckdb');
    await raw(path, (run) =>
      run('CREATE SCHEMA nba_raw; CREATE TABLE nba_raw.nbac_schedule (game_date DATE)'),
    );
    await expect(DuckdbStateStore.open({ path })).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
      message: `DuckDB state store ${path} is not a backfill-bot state file: it holds nbac_schedule`,
    });
    expect(await raw(path, (run) => run(`SELECT count(*) AS n FROM duckdb_tables()`))).toEqual([{ n: '1' }]);
  });

  it('names a file that is not a DuckDB database, and leaves it untouched', async () => {
    const path = join(dir, 'state.duckdb');
    writeFileSync(path, 'not a database\n'.repeat(300));
    const before = readFileSync(path);
    await expect(DuckdbStateStore.open({ path })).rejects.toMatchObject({
      name: 'StoreError',
      code: 'STORE_UNAVAILABLE',
      message: expect.stringMatching(
        new RegExp(`^DuckDB state store ${path} cannot be opened: .*not a valid DuckDB database`),
      ),
      hint: expect.stringContaining('Move it aside'),
    });
    expect(readFileSync(path)).toEqual(before);
  });

  it('names the file and the holder when another process has it open', async () => {
    const path = join(dir, 'state.duckdb');
    await (await DuckdbStateStore.open({ path })).close();
    const holder = await holdFile(path);
    try {
      await expect(DuckdbStateStore.open({ path })).rejects.toMatchObject({
        code: 'STORE_UNAVAILABLE',
        message: `DuckDB state store ${path} is locked by another process (PID ${holder.pid})`,
        hint: expect.stringContaining('one process per file'),
      });
    } finally {
      holder.kill();
    }
  }, 20_000);

  it('refuses a second store on a file this process holds: it would be a second, unqueued writer', async () => {
    const path = join(dir, 'state.duckdb');
    const store = await DuckdbStateStore.open({ path });
    await expect(DuckdbStateStore.open({ path: join(dir, '.', 'state.duckdb') })).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
      message: expect.stringContaining('is already open in this process'),
    });
    await store.close();
    await (await DuckdbStateStore.open({ path })).close();
  });

  it('refuses a second decision, vote or idempotency key by its keys, even written around the store', async () => {
    const path = join(dir, 'state.duckdb');
    const store = await DuckdbStateStore.open({ path });
    const { request } = await store.createGateRequest(newRequest());
    await store.recordVote(voteOn(request, 'U_ANN'));
    await store.close();
    const copy = (table: string, change: string) =>
      `INSERT INTO ${table} SELECT * REPLACE (${change}, nextval('state_seq') AS seq) FROM ${table}`;
    await raw(path, async (run) => {
      await expect(run(copy('gate_decisions', `'U_BOB' AS decided_by`))).rejects.toThrow(
        /Duplicate key "request_id: g_\w+" violates primary key/,
      );
      await expect(run(copy('gate_votes', `'other-key' AS idempotency_key`))).rejects.toThrow(
        /Duplicate key "request_id: g_\w+, voter: U_ANN" violates primary key/,
      );
      await expect(run(copy('gate_votes', `'U_BOB' AS voter`))).rejects.toThrow(
        /Duplicate key "idempotency_key: g_\w+:U_ANN:1" violates unique/,
      );
    });
  });
});

describe('the DuckDB state store after a crash', () => {
  it('frees the outbox rows a dead process had claimed, at once, when the file is opened again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'backfill-state-crash-'));
    const path = join(dir, 'state.duckdb');
    try {
      const before = await DuckdbStateStore.open({ path });
      await before.enqueue([{ key: 'k1', kind: 'chat.post', stream: 's1', payload: { n: 1 } }], {
        actor: 'U0OPS',
        action: 'test.enqueue',
        args: {},
        result: {},
      });
      const [claimed] = await before.claimOutbox({ owner: 'dead-relay', limit: 5, leaseMs: 3_600_000 });
      expect(claimed?.key).toBe('k1');
      await before.failOutbox(
        'k1',
        'dead-relay',
        'slack down',
        new Date(Date.now() + 3_600_000).toISOString(),
      );
      await before.claimOutbox({ owner: 'dead-relay', limit: 5, leaseMs: 3_600_000 });
      // The process dies here: its lease and its backoff would outlive it by an hour.
      await before.close();
      const after = await DuckdbStateStore.open({ path });
      const again = await after.claimOutbox({ owner: 'new-relay', limit: 5, leaseMs: 60_000 });
      expect(again.map((r) => [r.key, r.claimedBy, r.attempts])).toEqual([['k1', 'new-relay', 2]]);
      await after.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('outbox completions on the DuckDB store', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'backfill-state-complete-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('that arrive together are committed together, each answered for itself; a card still attaches to its request', async () => {
    const store = await DuckdbStateStore.open({ path: join(dir, 'state.duckdb') });
    try {
      const { request } = await store.createGateRequest(newRequest({ id: 'g_groupcommit' }));
      const keys = Array.from({ length: 20 }, (_, i) => `row-${i}`);
      await store.enqueue(
        [cardPost('card', 'gate:g_groupcommit', request.id), ...keys.map((key) => publish(key, key))],
        { actor: 'test', action: 'test.enqueue', args: {}, result: {} },
      );
      const claimed = await store.claimOutbox({ owner: 'relay-a', limit: 50, leaseMs: 60_000 });
      expect(claimed).toHaveLength(21);
      const done = await Promise.all([
        store.completeOutbox('card', 'relay-a', { channel: 'C0OPS', ts: '1.1' }),
        ...keys.map((key) => store.completeOutbox(key, 'relay-a', { messageId: key })),
        // Not the holder: answered false, and the others go through beside it.
        store.completeOutbox('row-0', 'relay-b', { messageId: 'late' }),
      ]);
      expect(done).toEqual([...Array(21).fill(true), false]);
      const rows = await store.listOutbox({ limit: 100 });
      expect(rows.every((r) => r.state === 'delivered' && r.claimedBy === null)).toBe(true);
      expect((await store.getOutbox('row-0'))?.result).toEqual({ messageId: 'row-0' });
      expect((await store.getGate(request.id))?.request).toMatchObject({
        channel: 'C0OPS',
        messageTs: '1.1',
      });
    } finally {
      await store.close();
    }
  });
});
