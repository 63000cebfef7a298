import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Catalog } from '../../src/config/catalog-schema.js';

export interface TinyRun {
  processor: string;
  phase: string;
  date: string;
  status: string;
  startedAt: string;
  errors?: string | null;
  missingDependencies?: string | null;
}

export interface TinyWorld {
  /** Dates with a final game (game_status = finalStatus); one game each. */
  finalDates: string[];
  /** Dates with only non-final (scheduled) games. */
  scheduledDates?: string[];
  /** Present dates per table name; tables not listed are empty. */
  present?: Record<string, string[]>;
  /** Quality scores per table name: one row per score, on the given date. */
  quality?: Record<string, { date: string; score: number | null }[]>;
  runs?: TinyRun[];
  /** Player-level coverage rows (pct is computed as actual / expected * 100). */
  playerCoverage?: { date: string; expected: number; actual: number }[];
}

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * Writes the smallest warehouse that states a case: the catalog's layout, with exactly the rows the
 * test lists. Tests then know every expected answer without calling the code under test.
 */
export async function buildTinyWarehouse(
  catalog: Catalog,
  world: TinyWorld,
): Promise<{ path: string; cleanup: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'backfill-tiny-'));
  const path = join(dir, 'tiny.duckdb');
  const instance = await DuckDBInstance.create(path);
  const c = await instance.connect();
  const datasets = new Set([
    catalog.schedule.dataset,
    catalog.runHistory.dataset,
    catalog.playerCoverage.dataset,
    ...catalog.tables.map((t) => t.dataset),
  ]);
  for (const d of datasets) await c.run(`CREATE SCHEMA "${d}"`);
  const s = catalog.schedule;
  await c.run(
    `CREATE TABLE "${s.dataset}"."${s.table}" ("${s.gameIdColumn}" VARCHAR, "${s.dateColumn}" DATE, "${s.statusColumn}" INTEGER)`,
  );
  const games = [
    ...world.finalDates.map((d, i) => `(${q(`g${i}`)}, DATE ${q(d)}, ${s.finalStatus})`),
    ...(world.scheduledDates ?? []).map((d, i) => `(${q(`s${i}`)}, DATE ${q(d)}, 1)`),
  ];
  if (games.length) await c.run(`INSERT INTO "${s.dataset}"."${s.table}" VALUES ${games.join(', ')}`);
  const stampValue = catalog.modifiedColumn ? ', NULL' : '';
  // Rows carry the catalog's modification stamp, left NULL: the tests here judge counts.
  const stamp = catalog.modifiedColumn ? `, "${catalog.modifiedColumn}" TIMESTAMP` : '';
  for (const t of catalog.tables) {
    const quality = t.qualityColumn ? `, "${t.qualityColumn}" DOUBLE` : '';
    await c.run(
      `CREATE TABLE "${t.dataset}"."${t.table}" ("${t.dateColumn}" DATE, player_lookup VARCHAR${quality}${stamp})`,
    );
    const rows = [
      ...(world.present?.[t.table] ?? []).map(
        (d) => `(DATE ${q(d)}, 'p1'${t.qualityColumn ? ', 95' : ''}${stampValue})`,
      ),
      ...(world.quality?.[t.table] ?? []).map(
        (r) => `(DATE ${q(r.date)}, 'pq', ${r.score ?? 'NULL'}${stampValue})`,
      ),
    ];
    if (rows.length) await c.run(`INSERT INTO "${t.dataset}"."${t.table}" VALUES ${rows.join(', ')}`);
  }
  const rh = catalog.runHistory;
  const col = rh.columns;
  await c.run(
    `CREATE TABLE "${rh.dataset}"."${rh.table}" ("${col.processor}" VARCHAR, "${col.phase}" VARCHAR, "${col.date}" DATE, ` +
      `"${col.status}" VARCHAR, "${col.startedAt}" TIMESTAMP, "${col.errors}" VARCHAR, "${col.missingDependencies}" VARCHAR)`,
  );
  const runs = (world.runs ?? []).map(
    (r) =>
      `(${q(r.processor)}, ${q(r.phase)}, DATE ${q(r.date)}, ${q(r.status)}, TIMESTAMP ${q(r.startedAt)}, ` +
      `${r.errors ? q(r.errors) : 'NULL'}, ${r.missingDependencies ? q(r.missingDependencies) : 'NULL'})`,
  );
  if (runs.length) await c.run(`INSERT INTO "${rh.dataset}"."${rh.table}" VALUES ${runs.join(', ')}`);
  const pc = catalog.playerCoverage;
  await c.run(
    `CREATE TABLE "${pc.dataset}"."${pc.table}" ("${pc.dateColumn}" DATE, "${pc.expectedColumn}" INTEGER, "${pc.actualColumn}" INTEGER, "${pc.pctColumn}" DOUBLE)`,
  );
  const coverage = (world.playerCoverage ?? []).map(
    (r) =>
      `(DATE ${q(r.date)}, ${r.expected}, ${r.actual}, ${Math.round((r.actual / r.expected) * 1000) / 10})`,
  );
  if (coverage.length) await c.run(`INSERT INTO "${pc.dataset}"."${pc.table}" VALUES ${coverage.join(', ')}`);
  c.closeSync();
  instance.closeSync();
  return { path, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
