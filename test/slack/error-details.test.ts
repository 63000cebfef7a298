import { mkdtempSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandPorts } from '../../src/commands/command-context.js';
import type { StandinMessage } from '../../src/standin/start-standin.js';
import { DuckdbStateStore } from '../../src/store/duckdb/duckdb-state-store.js';
import { translateStoreError } from '../../src/store/duckdb/translate-store-error.js';
import { faultyStore } from '../support/faulty-store.js';
import { messageText } from '../support/message-text.js';
import { catalog, duckdbPorts } from '../support/ports.js';
import { type SlackHarness, startSlackHarness } from '../support/slack-harness.js';
import { buildTinyWarehouse } from '../support/tiny-warehouse.js';

// A Slack user is not on the bot's server: an answer never shows its file paths or a vendor's raw
// error. It gives the cause in our words and a ref; the log line under that ref has the details.

const text = messageText;
// A path of two segments or more (`/backfill help` is one): what a file name on the server looks like.
const SERVER_PATH = /\/[^\s/"`]+\/[^\s"`]+/;
const VENDOR = /IO Error|Constraint Error|DuckDB|Could not read enough bytes|CHECK constraint/;

const refOf = (m: StandinMessage) => /Ref ([0-9a-f]{8})/.exec(text(m))?.[1];

/** The error DuckDB itself raises for a CHECK constraint, as the store's adapter would meet it. */
async function duckdbConstraintError(): Promise<Error> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run('CREATE TABLE t (n INTEGER CHECK (n >= 1))');
    await connection.run('INSERT INTO t VALUES (0)');
    throw new Error('the CHECK constraint did not fire');
  } catch (error) {
    return error as Error;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/**
 * Adds scheduled games long before the range asked, enough to fill blocks of their own: a query
 * then reads blocks the open did not (a tiny file is read whole when it is opened).
 */
async function growSchedule(path: string): Promise<void> {
  const s = catalog.schedule;
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  await connection.run(
    `INSERT INTO "${s.dataset}"."${s.table}" SELECT 'old' || i, DATE '2001-01-01', 1 FROM range(300000) t(i)`,
  );
  await connection.run('CHECKPOINT');
  connection.closeSync();
  instance.closeSync();
}

describe('errors answered in Slack name no server detail, and carry a ref to the log', () => {
  let dir: string;
  let ports: CommandPorts;
  let store: DuckdbStateStore;
  let cleanup: () => void;
  const harnesses: SlackHarness[] = [];
  const closers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'backfill-error-details-'));
    const world = await buildTinyWarehouse(catalog, { finalDates: ['2023-11-01'] });
    cleanup = world.cleanup;
    ports = await duckdbPorts(world.path, '2023-11-05');
    store = await DuckdbStateStore.open({ path: join(dir, 'state.duckdb'), clock: ports.clock });
  });
  afterAll(async () => {
    for (const h of harnesses) await h.close();
    for (const close of closers) await close();
    await store.close();
    await ports.warehouse.close();
    cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a state store that refuses the write: our words and a ref, the file and the constraint in the log', async () => {
    const raw = await duckdbConstraintError();
    expect(raw.message).toContain('Constraint Error');
    const storePath = join(dir, 'state.duckdb');
    const failing = faultyStore(
      store,
      'createGateRequest',
      translateStoreError(raw, storePath, 'gate.request'),
    );
    const h = await startSlackHarness(ports, { store: failing });
    harnesses.push(h);

    await h.standin.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: 'gate 1 2023-11-01' });
    const answer = await h.standin.waitForMessage(
      (m) => m.ephemeralTo === 'U0OPS' && text(m).includes('refused to record'),
    );
    expect(text(answer)).toContain('The state store refused to record this (gate.request)');
    expect(text(answer)).toContain('Nothing was changed.');
    expect(text(answer)).not.toMatch(SERVER_PATH);
    expect(text(answer)).not.toContain(dir);
    expect(text(answer)).not.toMatch(VENDOR);
    const ref = refOf(answer);
    expect(ref).toBeDefined();
    const logged = h.logs.filter((line) => line.includes(`ref ${ref}`) && line.includes(storePath));
    expect(logged).toEqual([expect.stringContaining('Constraint Error: CHECK constraint failed')]);
  });

  it('a warehouse file damaged while the bot has it open: our words and a ref, the path and IO Error in the log', async () => {
    // A warehouse of its own, not read before it is damaged: DuckDB keeps blocks it has read.
    const world = await buildTinyWarehouse(catalog, { finalDates: ['2023-11-01'] });
    const warehousePath = world.path;
    await growSchedule(warehousePath);
    const damaged = await duckdbPorts(warehousePath, '2023-11-05');
    const h = await startSlackHarness(damaged);
    harnesses.push(h);
    closers.push(async () => {
      await damaged.warehouse.close();
      world.cleanup();
    });
    // Cut the file to its first blocks: the tables' data is gone, as when the file is overwritten.
    truncateSync(warehousePath, 12_288);

    await h.standin.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: 'status 2023-11-01' });
    const answer = await h.standin.waitForMessage(
      (m) => m.ephemeralTo === 'U0OPS' && text(m).includes('could not be read'),
    );
    expect(text(answer)).toContain(
      'The warehouse could not be read (status): its file is damaged or was replaced while the bot had it open.',
    );
    expect(text(answer)).toContain('Nothing was changed.');
    expect(text(answer)).not.toMatch(SERVER_PATH);
    expect(text(answer)).not.toContain(warehousePath);
    expect(text(answer)).not.toMatch(VENDOR);
    const ref = refOf(answer);
    expect(ref).toBeDefined();
    const logged = h.logs.filter((line) => line.includes(`ref ${ref}`) && line.includes(warehousePath));
    expect(logged).toEqual([expect.stringContaining('IO Error: Could not read enough bytes')]);
  });
});
