import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillDemoWarehouse } from '../../src/demo/fill-demo.js';
import { LocalQueue } from '../../src/queue/local/local-queue.js';
import { startSimulator } from '../../src/simulator/start-simulator.js';
import { DuckdbClient } from '../../src/warehouse/duckdb/duckdb-client.js';
import { LOCK_WAIT_MS } from '../../src/warehouse/duckdb/open-instance.js';
import { withWriteWindow } from '../../src/warehouse/duckdb/write-window.js';
import { SqlWarehouse } from '../../src/warehouse/sql-warehouse.js';
import {
  catalog,
  checksumOn,
  demoFiles,
  type LogLine,
  missingDates,
  publishRerun,
  read,
  recordingLogger,
  SEED,
  simulating,
  steppingClock,
  table,
} from './simulator-fixture.js';

const SEASON_2021 = { start: '2021-10-19', end: '2022-06-16' };
const START = '2026-11-23T15:00:00.000Z';
const summary = table('player_game_summary');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Read {
  ok: boolean;
  openMs?: number;
  runs?: number;
  error?: string;
}

/** The CLI-style reader (reader-process.mjs) in another process, reading until `stop()`. */
async function readerProcess(path: string): Promise<{ stop: () => Promise<Read[]> }> {
  const child = spawn(process.execPath, ['test/simulator/reader-process.mjs', path], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  const ready = new Promise<void>((resolve) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.startsWith('ready\n')) resolve();
    });
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await ready;
  return {
    stop: async () => {
      child.stdin?.end();
      await exited;
      return out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Read);
    },
  };
}

const windows = (lines: LogLine[]) =>
  lines.filter((l) => l.message.includes('write window')).map((l) => l.fields);

describe('the simulator’s write windows beside readers', () => {
  const files = demoFiles();
  beforeAll(() => files.generate(), 120_000);
  afterAll(() => files.remove());

  it('makes the bot’s own queries wait for a window instead of failing, and shows them its rows after', async () => {
    const { path, queuePath } = files.copy();
    const clock = steppingClock(START);
    const dates = await missingDates(path, summary, SEASON_2021, 4);
    const queue = new LocalQueue(queuePath, clock);
    for (const date of dates)
      await publishRerun(queue, summary.processor, [date], `r_00000000000${date.slice(-1)}`);
    // The bot's client, as open-warehouse.ts opens it for serving.
    const warehouse = new SqlWarehouse(
      catalog,
      await DuckdbClient.open({ path, connections: 2, threads: 1 }),
    );
    const log = recordingLogger();
    const simulator = startSimulator({
      catalog: simulating({ delaySeconds: 5, failureRate: 0 }),
      warehousePath: path,
      queuePath,
      clock,
      log,
      pollMs: null,
    });
    try {
      clock.advance(5);
      const range = { start: dates[0] as string, end: dates[3] as string };
      const queries = Array.from({ length: 40 }, (_, i) =>
        sleep(i * 2).then(() => warehouse.coverage(range, [summary], 'status')),
      );
      const [applied, ...answers] = await Promise.all([simulator.tick(), ...queries]);
      expect(applied).toBe(4);
      expect(answers).toHaveLength(40);
      const after = await warehouse.coverage(range, [summary], 'status');
      expect(after.value.present.get('nba_analytics.player_game_summary')).toEqual(
        expect.arrayContaining(dates),
      );
      const latest = await warehouse.latestRuns(range, [summary.processor], START, 'rerun');
      expect(latest.value.map((r) => r.status)).toEqual(['success', 'success', 'success', 'success']);
      const [window] = windows(log.lines);
      expect(window).toMatchObject({ messages: 4, attempts: 1 });
      expect(Number(window?.paused_ms)).toBeLessThan(LOCK_WAIT_MS);
    } finally {
      await simulator.stop();
      await warehouse.close();
    }
  });

  it('lets a CLI read in another process wait out each write window, within the bound', async () => {
    const { path, queuePath } = files.copy();
    const clock = steppingClock(START);
    const dates = await missingDates(path, summary, SEASON_2021, 6);
    const [base] = await read(path, 'SELECT count(*) AS n FROM nba_reference.processor_run_history');
    const queue = new LocalQueue(queuePath, clock);
    const log = recordingLogger();
    const simulator = startSimulator({
      catalog: simulating({ delaySeconds: 0, failureRate: 0 }),
      warehousePath: path,
      queuePath,
      clock,
      log,
      pollMs: null,
    });
    const reader = await readerProcess(path);
    await sleep(200);
    for (const [i, date] of dates.entries()) {
      await publishRerun(queue, summary.processor, [date], `r_00000000001${i}`);
      clock.advance(1);
      expect(await simulator.tick()).toBe(1);
      await sleep(150);
    }
    await sleep(200);
    await simulator.stop();
    const done = await reader.stop();
    console.log(
      JSON.stringify(windows(log.lines)),
      JSON.stringify(done.map((r) => Math.round(r.openMs ?? -1))),
    );
    expect(done.length).toBeGreaterThan(10);
    expect(done.filter((r) => !r.ok)).toEqual([]);
    expect(Math.max(...done.map((r) => r.openMs ?? 0))).toBeLessThan(LOCK_WAIT_MS);
    // Every read saw a whole window or none: the run count only grows, one re-run at a time.
    const counts = done.map((r) => Number(r.runs) - Number(base?.n));
    expect(counts.every((n, i) => n >= 0 && n <= dates.length && n >= (counts[i - 1] ?? 0))).toBe(true);
    expect(counts.at(-1)).toBe(dates.length);
    for (const w of windows(log.lines)) expect(Number(w.write_ms)).toBeLessThan(LOCK_WAIT_MS);
  }, 30_000);

  it('makes a CLI open that lands in a window wait for it, then read', async () => {
    const { path } = files.copy();
    const reader = await readerProcess(path);
    await sleep(300);
    const window = await withWriteWindow(path, async (connection) => {
      await connection.run('CREATE TABLE main.held (x INTEGER)');
      await sleep(800);
    });
    expect(window.writeMs).toBeGreaterThanOrEqual(800);
    await sleep(300);
    const done = await reader.stop();
    expect(done.filter((r) => !r.ok)).toEqual([]);
    // The read that met the window waited most of it, and then succeeded.
    expect(Math.max(...done.map((r) => r.openMs ?? 0))).toBeGreaterThan(400);
  }, 30_000);

  it('gives up on a file another process holds read-write, after the bound, naming it', async () => {
    const { path } = files.copy();
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `import('@duckdb/node-api').then(async (d) => { await d.DuckDBInstance.create(${JSON.stringify(path)}); console.log('ready'); setInterval(() => {}, 1000); })`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve) => holder.stdout?.once('data', () => resolve()));
    try {
      let ran = false;
      const started = performance.now();
      await expect(
        withWriteWindow(
          path,
          async () => {
            ran = true;
          },
          400,
        ),
      ).rejects.toThrow(`DuckDB warehouse ${path} is locked by another process (PID ${holder.pid})`);
      expect(performance.now() - started).toBeGreaterThanOrEqual(200);
      expect(ran).toBe(false);
    } finally {
      holder.kill();
      await new Promise((resolve) => holder.once('exit', resolve));
    }
  });

  it('leaves demo fill working once the simulator is stopped', async () => {
    const { path, queuePath } = files.copy();
    const clock = steppingClock(START);
    const dates = await missingDates(path, summary, SEASON_2021, 2);
    await publishRerun(new LocalQueue(queuePath, clock), summary.processor, dates);
    const simulator = startSimulator({
      catalog: simulating({ delaySeconds: 0, failureRate: 0 }),
      warehousePath: path,
      queuePath,
      clock,
      log: recordingLogger(),
      pollMs: 10,
    });
    const until = Date.now() + 10_000;
    while ((await checksumOn(path, summary, dates)).startsWith('0:') && Date.now() < until) await sleep(20);
    await simulator.stop();
    const simulated = await checksumOn(path, summary, dates);
    const fill = await fillDemoWarehouse(catalog, {
      path,
      range: SEASON_2021,
      tables: catalog.tables.filter((t) => t.phase === 3),
      seed: SEED,
    });
    expect(fill.dates).toBeGreaterThan(0);
    expect(fill.rows['nba_analytics.player_game_summary']).toBeGreaterThan(0);
    expect(await checksumOn(path, summary, dates)).toBe(simulated);
    expect(await missingDates(path, summary, SEASON_2021, 1)).toEqual([]);
  });
});
