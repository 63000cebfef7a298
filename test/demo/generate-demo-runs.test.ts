import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoSummary } from '../../src/demo/generate-demo.js';
import { addDays } from '../../src/domain/dates.js';
import {
  AS_OF,
  catalog,
  generate,
  openWarehouse,
  type Row,
  tempDir,
  type Warehouse,
} from './demo-fixture.js';

const { columns: c, statuses } = catalog.runHistory;
const runHistory = `${catalog.runHistory.dataset}.${catalog.runHistory.table}`;
/** The latest run per (processor, date) is what decides whether a failure is open. */
const latestRuns = `SELECT * FROM ${runHistory}
  QUALIFY row_number() OVER (PARTITION BY ${c.processor}, ${c.date} ORDER BY ${c.startedAt} DESC) = 1`;
const classify = (errors: string) =>
  catalog.failureClasses.find((f) => new RegExp(f.pattern).test(errors))?.name ?? 'unclassified';

describe('generateDemoWarehouse: run history, failures and player coverage', () => {
  const temp = tempDir();
  let summary: DemoSummary;
  let db: Warehouse;

  beforeAll(async () => {
    summary = await generate(join(temp.dir, 'demo.duckdb'));
    db = await openWarehouse(summary.path);
  });
  afterAll(() => {
    db?.close();
    temp.remove();
  });

  /** Dates among `dates` on which each processor's tables have rows. */
  async function presentDates(processor: string, dates: string[]): Promise<Set<string>[]> {
    const tables = catalog.tables.filter((t) => t.processor === processor);
    const list = dates.map((d) => `DATE '${d}'`).join(', ');
    return Promise.all(
      tables.map(
        async (t) =>
          new Set(
            await db.column(
              `SELECT DISTINCT ${t.dateColumn} FROM ${t.dataset}.${t.table} WHERE ${t.dateColumn} IN (${list})`,
            ),
          ),
      ),
    );
  }

  it('records every failure class of the catalog, each with its kind of message', async () => {
    const failed =
      await db.rows(`SELECT ${c.errors} AS errors, ${c.missingDependencies} AS missing FROM ${runHistory}
      WHERE ${c.status} = '${statuses.failed}'`);
    const classes = new Set(failed.map((r) => classify(String(r.errors))));
    expect([...classes].sort()).toEqual(catalog.failureClasses.map((f) => f.name).sort());
    for (const r of failed) {
      expect(JSON.parse(String(r.errors))).toHaveLength(1);
      if (classify(String(r.errors)) === 'DependencyError')
        expect(JSON.parse(String(r.missing)).length).toBeGreaterThan(0);
      else expect(r.missing).toBeNull();
    }
    const processing = failed.filter((r) => classify(String(r.errors)) === 'PROCESSING_ERROR');
    expect(processing.length).toBeGreaterThan(15);
    expect(processing.length).toBeLessThan(80);
  });

  it('leaves the tables of every open failure without rows on its date', async () => {
    const open = await db.rows(`SELECT ${c.processor} AS processor, CAST(${c.date} AS VARCHAR) AS date
      FROM (${latestRuns}) WHERE ${c.status} = '${statuses.failed}'`);
    expect(open.length).toBeGreaterThan(10);
    const byProcessor = new Map<string, Row[]>();
    for (const r of open)
      byProcessor.set(String(r.processor), [...(byProcessor.get(String(r.processor)) ?? []), r]);
    for (const [processor, runs] of byProcessor) {
      for (const present of await presentDates(
        processor,
        runs.map((r) => String(r.date)),
      )) {
        expect(present.size, processor).toBe(0);
      }
    }
  });

  it('follows every resolved failure with a later success, and has a success run for every present date', async () => {
    const resolved = await db.rows(`SELECT f.${c.processor} AS processor, COUNT(s.${c.processor}) AS later
      FROM ${runHistory} f LEFT JOIN ${runHistory} s ON s.${c.processor} = f.${c.processor}
        AND s.${c.date} = f.${c.date} AND s.${c.status} = '${statuses.success}' AND s.${c.startedAt} > f.${c.startedAt}
      WHERE f.${c.status} = '${statuses.failed}' AND (f.${c.processor}, f.${c.date}) NOT IN
        (SELECT (${c.processor}, ${c.date}) FROM (${latestRuns}) WHERE ${c.status} = '${statuses.failed}')
      GROUP BY f.${c.processor}, f.${c.date}, f.${c.startedAt}`);
    expect(resolved.length).toBeGreaterThan(10);
    for (const r of resolved) expect(Number(r.later)).toBe(1);
    for (const t of catalog.tables) {
      const unlogged =
        await db.column(`SELECT COUNT(*) FROM (SELECT DISTINCT ${t.dateColumn} AS d FROM ${t.dataset}.${t.table}) x
        ANTI JOIN ${runHistory} r ON r.${c.processor} = '${t.processor}' AND r.${c.date} = x.d
          AND r.${c.status} = '${statuses.success}'`);
      expect(unlogged, t.table).toEqual(['0']);
    }
  });

  it('skips Phase 4 on bootstrap days and never logs runs per player', async () => {
    const skipped =
      await db.rows(`SELECT DISTINCT ${c.phase} AS phase, ${c.errors} AS errors FROM ${runHistory}
      WHERE ${c.status} = '${statuses.skipped}'`);
    expect(skipped).toEqual([{ phase: 'phase_4_precompute', errors: '["bootstrap period: skipping"]' }]);
    const [runs] = await db.column(`SELECT COUNT(*) FROM ${runHistory}`);
    expect(Number(runs)).toBeLessThan(20 * summary.finalGameDates);
  });

  it('has yesterday missing in exactly one Phase 3 table when yesterday had games (pipeline lag)', async () => {
    const yesterday = addDays(AS_OF, -1);
    const s = catalog.schedule;
    const [games] = await db.column(
      `SELECT COUNT(*) FROM ${s.dataset}.${s.table} WHERE ${s.dateColumn} = '${yesterday}'`,
    );
    const phase3 = catalog.tables.filter((t) => t.phase === 3);
    const missing = [];
    for (const t of phase3) {
      const [n] = await db.column(
        `SELECT COUNT(*) FROM ${t.dataset}.${t.table} WHERE ${t.dateColumn} = '${yesterday}'`,
      );
      if (n === '0') missing.push(t.table);
    }
    expect(missing).toHaveLength(games === '0' ? phase3.length : 1);
  });

  it('flags ~3% of player-coverage dates below the alert threshold', async () => {
    const p = catalog.playerCoverage;
    const [row] =
      await db.rows(`SELECT COUNT(*) AS dates, COUNT(*) FILTER (WHERE ${p.pctColumn} < ${p.alertBelowPct}) AS low,
      COUNT(*) FILTER (WHERE ${p.actualColumn} = ${p.expectedColumn}) AS full_dates FROM ${p.dataset}.${p.table}`);
    expect(Number(row?.low)).toBeGreaterThan(0);
    expect(Number(row?.low) / Number(row?.dates)).toBeLessThan(0.06);
    expect(Number(row?.full_dates) + Number(row?.low)).toBe(Number(row?.dates));
  });

  it("runs the seed runbooks' SQL with dialect changes only", async () => {
    const gate0 = await db.rows(`WITH expected AS (
        SELECT COUNT(DISTINCT game_date) as cnt FROM nba_raw.nbac_schedule
        WHERE game_status = 3 AND game_date BETWEEN '2021-10-01' AND '2024-11-29')
      SELECT table_name, actual_dates, ROUND(actual_dates * 100.0 / (SELECT cnt FROM expected), 1) as pct FROM (
        SELECT 'nbac_team_boxscore' as table_name, COUNT(DISTINCT game_date) as actual_dates
        FROM nba_raw.nbac_team_boxscore WHERE game_date BETWEEN '2021-10-01' AND '2024-11-29'
        UNION ALL
        SELECT 'nbac_gamebook_player_stats', COUNT(DISTINCT game_date)
        FROM nba_raw.nbac_gamebook_player_stats WHERE game_date BETWEEN '2021-10-01' AND '2024-11-29')
      ORDER BY pct ASC`);
    expect(gate0.map((r) => r.pct)).toEqual([100, 100]);
    const coverage = await db.rows(`SELECT pgs.game_date, COUNT(DISTINCT pgs.player_lookup) as expected,
        COUNT(DISTINCT pcf.player_lookup) as actual
      FROM nba_analytics.player_game_summary pgs
      LEFT JOIN nba_precompute.player_composite_factors pcf
        ON pgs.game_date = pcf.analysis_date AND pgs.player_lookup = pcf.player_lookup
      WHERE pgs.game_date BETWEEN '2024-01-01' AND '2024-01-31' GROUP BY pgs.game_date`);
    expect(coverage.length).toBeGreaterThan(20);
    for (const r of coverage) expect(r.actual).toBe(r.expected);
  });
});
