import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessGate } from '../../src/warehouse/duckdb/access-gate.js';
import { DuckdbClient } from '../../src/warehouse/duckdb/duckdb-client.js';
import { withWriteWindow } from '../../src/warehouse/duckdb/write-window.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const count = { sql: 'SELECT count(*) AS n FROM main.t', params: {}, label: 'count' };

describe('write windows on a DuckDB file this process reads', () => {
  let dir: string;
  let path: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'backfill-window-'));
    path = join(dir, 'w.duckdb');
    const instance = await DuckDBInstance.create(path);
    const connection = await instance.connect();
    await connection.run('CREATE TABLE main.t AS SELECT range AS x FROM range(10)');
    connection.closeSync();
    instance.closeSync();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('closes every client of the file for the window; their queries wait for it and then see its rows', async () => {
    const [a, b] = [await DuckdbClient.open({ path }), await DuckdbClient.open({ path, connections: 1 })];
    try {
      let windowEnded = 0;
      const window = withWriteWindow(path, async (connection) => {
        await connection.run('INSERT INTO main.t SELECT 100 + range FROM range(5)');
        await sleep(150);
        windowEnded = performance.now();
      });
      await sleep(20);
      const answers = await Promise.all(
        [a, b, a, b].map(async (client) => {
          const rows = await client.query(count);
          return { n: rows[0]?.n, at: performance.now() };
        }),
      );
      const done = await window;
      expect(done.writeMs).toBeGreaterThanOrEqual(150);
      expect(done.pausedMs).toBeGreaterThanOrEqual(done.writeMs);
      expect(done.attempts).toBe(1);
      for (const answer of answers) {
        expect(answer.n).toBe(15);
        expect(answer.at).toBeGreaterThanOrEqual(windowEnded);
      }
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('never creates the file it is asked to write', async () => {
    const missing = join(dir, 'missing.duckdb');
    await expect(withWriteWindow(missing, async () => {})).rejects.toThrow(
      `DuckDB warehouse ${missing} does not exist`,
    );
    expect(existsSync(missing)).toBe(false);
  });

  it('runs windows on one file one at a time, and a failed one leaves the readers working', async () => {
    const client = await DuckdbClient.open({ path });
    try {
      const order: string[] = [];
      const first = withWriteWindow(path, async () => {
        order.push('first in');
        await sleep(50);
        order.push('first out');
      });
      const failing = withWriteWindow(path, async () => {
        order.push('second in');
        throw new Error('the work failed');
      });
      await first;
      await expect(failing).rejects.toThrow('the work failed');
      expect(order).toEqual(['first in', 'first out', 'second in']);
      expect((await client.query(count))[0]?.n).toBe(15);
    } finally {
      await client.close();
    }
  });
});

describe('AccessGate', () => {
  it('lets shared turns run together, an exclusive one alone, and queues shared turns behind a waiting exclusive one', async () => {
    const gate = new AccessGate();
    const log: string[] = [];
    const turn = (name: string, ms: number) => async () => {
      log.push(`${name} in`);
      await sleep(ms);
      log.push(`${name} out`);
    };
    await Promise.all([
      gate.shared(turn('q1', 30)),
      gate.shared(turn('q2', 30)),
      gate.alone(turn('w', 10)),
      gate.shared(turn('q3', 1)),
    ]);
    expect(log.slice(0, 2)).toEqual(['q1 in', 'q2 in']);
    expect(log.slice(4)).toEqual(['w in', 'w out', 'q3 in', 'q3 out']);
  });
});
