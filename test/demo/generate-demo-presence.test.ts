import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogTable } from '../../src/config/catalog-schema.js';
import type { DemoSummary } from '../../src/demo/generate-demo.js';
import { addDays } from '../../src/domain/dates.js';
import { AS_OF, catalog, generate, openWarehouse, tempDir, type Warehouse } from './demo-fixture.js';

const { schedule, demo } = catalog;
const name = (t: CatalogTable) => `${t.dataset}.${t.table}`;
const season = (id: string) => {
  const found = catalog.seasons.find((s) => s.id === id);
  if (!found) throw new Error(`no season ${id}`);
  return found;
};
const inPhase = (phase: number) => catalog.tables.filter((t) => t.phase === phase);
const finalDates = (from: string, to: string) =>
  `SELECT DISTINCT ${schedule.dateColumn} AS d FROM ${schedule.dataset}.${schedule.table}
   WHERE ${schedule.statusColumn} = ${schedule.finalStatus} AND ${schedule.dateColumn} BETWEEN '${from}' AND '${to}'`;
const tableDates = (t: CatalogTable, from: string, to: string) =>
  `SELECT DISTINCT ${t.dateColumn} AS d FROM ${name(t)} WHERE ${t.dateColumn} BETWEEN '${from}' AND '${to}'`;

describe('generateDemoWarehouse: which dates each phase has', () => {
  const temp = tempDir();
  let summary: DemoSummary;
  let db: Warehouse;
  const count = async (sql: string) => Number((await db.column(`SELECT COUNT(*) FROM (${sql})`))[0]);

  beforeAll(async () => {
    summary = await generate(join(temp.dir, 'demo.duckdb'));
    db = await openWarehouse(summary.path);
  });
  afterAll(() => {
    db?.close();
    temp.remove();
  });

  it('plays ~1230 regular-season games and 200-220 final dates in each complete season', async () => {
    const seasons = await db.rows(
      `SELECT season_year, COUNT(*) FILTER (WHERE NOT is_playoffs) AS regular,
         COUNT(DISTINCT ${schedule.dateColumn}) FILTER (WHERE ${schedule.statusColumn} = 3) AS final_dates
       FROM ${schedule.dataset}.${schedule.table} GROUP BY 1 ORDER BY 1`,
    );
    expect(seasons.map((s) => s.season_year)).toEqual([2021, 2022, 2023, 2024, 2025, 2026]);
    for (const s of seasons.slice(0, 5)) {
      expect(Number(s.regular)).toBe(1230);
      expect(Number(s.final_dates)).toBeGreaterThanOrEqual(200);
      expect(Number(s.final_dates)).toBeLessThanOrEqual(220);
    }
    expect(summary.finalGameDates).toBe(await count(finalDates('2000-01-01', AS_OF)));
  });

  it('has every final date in every Phase 2 table', async () => {
    const expected = await count(finalDates('2021-10-01', AS_OF));
    for (const t of inPhase(2)) expect(await count(tableDates(t, '2021-10-01', AS_OF))).toBe(expected);
  });

  it('misses about half of the half-missing season in Phase 3, the same multi-day blocks in every table', async () => {
    const s = season(demo.phase3HalfMissingSeason);
    const expected = await count(finalDates(s.start, s.end));
    const steady = inPhase(3).filter((t) => !t.expectedPartial);
    const sets = await Promise.all(
      steady.map((t) => db.column(`${tableDates(t, s.start, s.end)} ORDER BY 1`)),
    );
    for (const dates of sets) expect(dates).toEqual(sets[0]);
    const share = (sets[0]?.length ?? 0) / expected;
    expect(share).toBeGreaterThan(0.4);
    expect(share).toBeLessThan(0.6);
    const blocks = await count(
      `SELECT d FROM (SELECT f.d, t.d IS NULL AS gap, lag(t.d IS NULL) OVER (ORDER BY f.d) AS was_gap
         FROM (${finalDates(s.start, s.end)}) f LEFT JOIN (${tableDates(steady[0] as CatalogTable, s.start, s.end)}) t
         ON f.d = t.d) WHERE gap AND was_gap IS DISTINCT FROM true`,
    );
    expect((expected - (sets[0]?.length ?? 0)) / blocks).toBeGreaterThan(3);
  });

  it('has Phase 3 complete and Phase 4 complete except bootstrap days in 2023-24', async () => {
    const s = season('2023-24');
    const afterBootstrap = addDays(s.start, s.bootstrapDays ?? catalog.bootstrapDays);
    for (const t of inPhase(3).filter((t) => !t.expectedPartial)) {
      expect(await count(tableDates(t, s.start, s.end))).toBe(await count(finalDates(s.start, s.end)));
    }
    for (const t of inPhase(4)) {
      expect(await count(tableDates(t, s.start, s.end))).toBe(await count(finalDates(afterBootstrap, s.end)));
    }
  });

  it('has no Phase 4 rows in bootstrap windows, nor before the first backfilled season', async () => {
    const first = season(demo.phase4FromSeason);
    for (const t of inPhase(4)) {
      expect(await count(tableDates(t, '2000-01-01', addDays(first.start, -1)))).toBe(0);
      for (const s of catalog.seasons) {
        const lastBootstrapDay = addDays(s.start, (s.bootstrapDays ?? catalog.bootstrapDays) - 1);
        expect(await count(tableDates(t, s.start, lastBootstrapDay))).toBe(0);
      }
    }
  });

  it('has expected-partial tables on ~40% of older dates and every date of the last 30 days', async () => {
    const [partial] = inPhase(3).filter((t) => t.expectedPartial);
    if (!partial) throw new Error('the catalog has an expected-partial table');
    const recent = addDays(AS_OF, -30);
    const share =
      (await count(tableDates(partial, '2021-10-01', recent))) /
      (await count(finalDates('2021-10-01', recent)));
    expect(share).toBeGreaterThan(0.3);
    expect(share).toBeLessThan(0.5);
    expect(await count(tableDates(partial, recent, AS_OF))).toBe(await count(finalDates(recent, AS_OF)));
  });

  it('puts every quality bucket in a season of Phase 4 rows', async () => {
    const s = season('2023-24');
    for (const t of inPhase(4).filter((t) => t.qualityColumn)) {
      const buckets = await db.column(
        `SELECT DISTINCT CASE ${catalog.qualityBuckets.map((b) => `WHEN ${t.qualityColumn} >= ${b.min} THEN '${b.name}'`).join(' ')} END
         FROM ${name(t)} WHERE ${t.dateColumn} BETWEEN '${s.start}' AND '${s.end}' ORDER BY 1`,
      );
      expect(buckets).toEqual(catalog.qualityBuckets.map((b) => b.name).sort());
    }
  });

  it('grades predictions at MAE ~4.4 for catboost_v8 and ~4.2 for xgboost_v1', async () => {
    const [predictions] = inPhase(5);
    const mae = await db.rows(
      `SELECT system_id, AVG(absolute_error) AS mae, MIN(game_date) AS first
       FROM ${predictions?.dataset}.prediction_accuracy GROUP BY 1 ORDER BY 1`,
    );
    expect(mae.map((r) => r.system_id)).toEqual(['catboost_v8', 'xgboost_v1']);
    demo.modelSystems.forEach((system, i) => {
      // Predictions start on the first date Phase 4 is complete on or after the system's start.
      expect(String(mae.find((r) => r.system_id === system.id)?.first) >= system.since).toBe(true);
      expect(String(mae.find((r) => r.system_id === system.id)?.first) <= addDays(system.since, 10)).toBe(
        true,
      );
      expect(i).toBeLessThan(2);
    });
    expect(Math.abs(Number(mae[0]?.mae) - 4.4)).toBeLessThan(0.2);
    expect(Math.abs(Number(mae[1]?.mae) - 4.2)).toBeLessThan(0.2);
  });
});
