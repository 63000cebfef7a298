import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogTable } from '../../src/config/catalog-schema.js';
import { fillDemoWarehouse } from '../../src/demo/fill-demo.js';
import { bootstrapRange } from '../../src/domain/seasons.js';
import { catalog, checksums, generate, openWarehouse, tempDir } from './demo-fixture.js';

const table = (name: string): CatalogTable => {
  const found = catalog.tables.find((t) => t.table === name);
  if (!found) throw new Error(`no table ${name}`);
  return found;
};
const season = (id: string) => {
  const found = catalog.seasons.find((s) => s.id === id);
  if (!found) throw new Error(`no season ${id}`);
  return { start: found.start, end: found.end };
};
// 2023-24 is complete in Phases 3 and 4: removed dates must come back exactly as generated.
const DATES = ['2023-12-01', '2023-12-02', '2024-02-06'];
const TABLES = ['player_game_summary', 'team_defense_game_summary', 'player_composite_factors'].map(table);

async function exec(path: string, statements: string[]): Promise<void> {
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  for (const sql of statements) await connection.run(sql);
  connection.closeSync();
  instance.closeSync();
}

describe('fillDemoWarehouse', () => {
  const temp = tempDir();
  const original = join(temp.dir, 'original.duckdb');

  beforeAll(async () => {
    await generate(original);
  }, 120_000);
  afterAll(() => temp.remove());

  it('writes back exactly the rows the generator wrote, and one later success run per processor and date', async () => {
    const path = join(temp.dir, 'gapped.duckdb');
    copyFileSync(original, path);
    const dates = DATES.map((d) => `DATE '${d}'`).join(', ');
    await exec(
      path,
      TABLES.map((t) => `DELETE FROM ${t.dataset}.${t.table} WHERE ${t.dateColumn} IN (${dates})`),
    );
    const summary = await fillDemoWarehouse(catalog, {
      path,
      range: season('2023-24'),
      tables: TABLES,
      seed: 7,
    });
    expect(summary.dates).toBe(DATES.length);
    expect(summary.runs).toBe(DATES.length * TABLES.length);
    for (const n of Object.values(summary.rows)) expect(n).toBeGreaterThan(0);

    const [want, got] = [await checksums(original), await checksums(path)];
    for (const t of TABLES)
      expect(got[`${t.dataset}.${t.table}`], t.table).toBe(want[`${t.dataset}.${t.table}`]);

    const warehouse = await openWarehouse(path);
    try {
      const rows = await warehouse.rows(
        `SELECT processor_name, data_date::VARCHAR AS d, status, started_at = max(started_at)
           OVER (PARTITION BY processor_name, data_date) AS latest
         FROM nba_reference.processor_run_history
         WHERE data_date IN (${dates}) AND processor_name IN (${TABLES.map((t) => `'${t.processor}'`).join(', ')})`,
      );
      const latest = rows.filter((r) => r.latest);
      expect(latest).toHaveLength(DATES.length * TABLES.length);
      for (const r of latest) expect(r.status).toBe('success');
      // The generator's own runs are still there, before the fill's.
      expect(rows.length).toBeGreaterThan(latest.length);
    } finally {
      warehouse.close();
    }

    const again = await fillDemoWarehouse(catalog, {
      path,
      range: season('2023-24'),
      tables: TABLES,
      seed: 7,
    });
    expect(again).toEqual({
      dates: 0,
      runs: 0,
      rows: Object.fromEntries(TABLES.map((t) => [`${t.dataset}.${t.table}`, 0])),
    });
  }, 120_000);

  it('skips bootstrap days of bootstrap phases', async () => {
    const path = join(temp.dir, 'bootstrap.duckdb');
    copyFileSync(original, path);
    const composite = table('player_composite_factors');
    // 2021-22 has no Phase 4 at all; its first days are in the bootstrap window.
    const summary = await fillDemoWarehouse(catalog, {
      path,
      range: { start: '2021-10-19', end: '2021-10-30' },
      tables: [composite],
      seed: 7,
    });
    expect(summary.dates).toBeGreaterThan(0);
    const warehouse = await openWarehouse(path);
    try {
      const first = await warehouse.column(
        `SELECT min(${composite.dateColumn})::VARCHAR FROM ${composite.dataset}.${composite.table}`,
      );
      // The first filled date is the first game after the season's bootstrap window.
      const [first2122] = catalog.seasons;
      const window = first2122 && bootstrapRange(first2122, catalog.bootstrapDays);
      const after = await warehouse.column(
        `SELECT min(game_date)::VARCHAR FROM nba_raw.nbac_schedule WHERE game_date > DATE '${window?.end}'`,
      );
      expect(first[0]).toBe(after[0]);
    } finally {
      warehouse.close();
    }
  }, 120_000);

  it('refuses a wrong seed, a non-demo file and a corrupt file, leaving each untouched', async () => {
    const tables = [table('player_game_summary')];
    const range = season('2021-22');
    const wrongSeed = join(temp.dir, 'seed.duckdb');
    copyFileSync(original, wrongSeed);
    const seedBefore = readFileSync(wrongSeed);
    await expect(fillDemoWarehouse(catalog, { path: wrongSeed, range, tables, seed: 8 })).rejects.toThrow(
      `${wrongSeed} does not hold the demo rows of seed 8`,
    );
    expect(readFileSync(wrongSeed).equals(seedBefore)).toBe(true);

    const other = join(temp.dir, 'other.duckdb');
    await exec(other, ['CREATE TABLE sales (id INTEGER)', 'INSERT INTO sales VALUES (1)']);
    const otherBefore = readFileSync(other);
    await expect(fillDemoWarehouse(catalog, { path: other, range, tables, seed: 7 })).rejects.toThrow(
      `${other} is not a demo warehouse`,
    );
    expect(readFileSync(other).equals(otherBefore)).toBe(true);

    const corrupt = join(temp.dir, 'corrupt.duckdb');
    writeFileSync(corrupt, 'this is not a database'.repeat(300));
    const corruptBefore = readFileSync(corrupt);
    await expect(fillDemoWarehouse(catalog, { path: corrupt, range, tables, seed: 7 })).rejects.toThrow(
      `DuckDB warehouse ${corrupt} cannot be opened`,
    );
    expect(readFileSync(corrupt).equals(corruptBefore)).toBe(true);
  }, 120_000);

  it('refuses prediction tables', async () => {
    await expect(
      fillDemoWarehouse(catalog, {
        path: original,
        range: season('2025-26'),
        tables: catalog.tables.filter((t) => t.phase === 5),
        seed: 7,
      }),
    ).rejects.toThrow('demo fill does not write prediction tables');
  });
});
