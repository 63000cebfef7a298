import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoWarehouse } from '../../src/demo/generate-demo.js';
import { buildReport, type Report } from '../../src/reports/build-report.js';
import { formatCount } from '../../src/reports/format-count.js';
import { DuckdbClient } from '../../src/warehouse/duckdb/duckdb-client.js';
import { catalog } from '../support/ports.js';
import {
  DAY,
  NOW,
  type OpenedPorts,
  removeDir,
  reportPorts,
  scratchDir,
  storeWith,
  TODAY,
} from './report-world.js';

// The report for 2026-01-23 on the demo warehouse (run 2026-01-24 12:00 UTC), every number checked
// against SQL written here, on a read-only connection to the same file. The demo has no failure in
// the last day, so four run-history rows are added first: two failures in the window still open,
// one resolved in it, one failure just outside it.
const EXTRA_RUNS = [
  [
    'PlayerCompositeFactorsProcessor',
    'phase_4_precompute',
    '2026-01-20',
    'failed',
    '2026-01-24 03:00:00',
    'ValueError: bad minutes at row 3',
  ],
  [
    'PlayerCompositeFactorsProcessor',
    'phase_4_precompute',
    '2026-01-22',
    'failed',
    '2026-01-24 03:30:00',
    'KeyError: player_lookup 1627',
  ],
  [
    'PlayerDailyCacheProcessor',
    'phase_4_precompute',
    '2026-01-21',
    'failed',
    '2026-01-24 04:00:00',
    'DependencyError: upstream missing',
  ],
  ['PlayerDailyCacheProcessor', 'phase_4_precompute', '2026-01-21', 'success', '2026-01-24 05:00:00', null],
  [
    'MLFeatureStoreProcessor',
    'phase_4_precompute',
    '2026-01-19',
    'failed',
    '2026-01-23 06:00:00',
    'ValueError: outside the window',
  ],
] as const;

describe('the daily report on the demo warehouse', () => {
  let dir: string;
  let path: string;
  let opened: OpenedPorts;
  let sql: DuckdbClient;
  let report: Report;
  const query = async (text: string) => sql.query({ sql: text, params: {}, label: 'test' });
  const one = async (text: string) => Number((await query(text))[0]?.n);

  beforeAll(async () => {
    dir = scratchDir('demo');
    path = join(dir, 'demo.duckdb');
    await generateDemoWarehouse(catalog, { path, scale: 0.2, seed: 42, asOf: TODAY });
    const instance = await DuckDBInstance.create(path);
    const c = await instance.connect();
    const rh = catalog.runHistory;
    const q = (v: string | null) => (v === null ? 'NULL' : `'${v}'`);
    const values = EXTRA_RUNS.map(
      ([p, phase, date, status, at, errors]) =>
        `(${q(p)}, ${q(phase)}, DATE '${date}', ${q(status)}, TIMESTAMP '${at}', ${q(errors)})`,
    );
    const c2 = rh.columns;
    await c.run(
      `INSERT INTO "${rh.dataset}"."${rh.table}" ("${c2.processor}", "${c2.phase}", "${c2.date}", "${c2.status}", "${c2.startedAt}", "${c2.errors}") VALUES ${values.join(', ')}`,
    );
    c.closeSync();
    instance.closeSync();
    // Running re-runs: one stalled (confirmed 10 h ago, nothing run since), one confirmed 2 h ago,
    // one whose date has succeeded since it was confirmed (done, so not in progress).
    const store = await storeWith(dir, [
      {
        id: 'r_00000000000a',
        processor: 'PlayerCompositeFactorsProcessor',
        phase: 4,
        dates: ['2026-01-23'],
        confirmedAt: '2026-01-24T02:00:00.000Z',
      },
      {
        id: 'r_00000000000b',
        processor: 'MLFeatureStoreProcessor',
        phase: 4,
        dates: ['2026-01-23'],
        confirmedAt: '2026-01-24T10:00:00.000Z',
      },
      {
        id: 'r_00000000000c',
        processor: 'PlayerGameSummaryProcessor',
        phase: 3,
        dates: ['2026-01-22'],
        confirmedAt: '2026-01-22T12:00:00.000Z',
      },
    ]);
    opened = await reportPorts(path, { store });
    sql = await DuckdbClient.open({ path });
    report = await buildReport(DAY, opened.ports);
  }, 120_000);
  afterAll(async () => {
    await opened.close();
    await sql.close();
    removeDir(dir);
  });

  it('reads the warehouse in one round trip of five queries side by side', () => {
    expect(opened.client.waves).toBe(1);
    expect(opened.client.queries).toHaveLength(5);
    expect(report.data.query).toMatchObject({ warehouse: 'duckdb', roundTrips: 1, queries: 5 });
    expect(report.data.query.roundTrips).toBeLessThanOrEqual(2);
  });

  it('counts expected and present dates per phase and table for the day', async () => {
    const s = catalog.schedule;
    const expected = await one(
      `SELECT COUNT(DISTINCT ${s.dateColumn}) AS n FROM ${s.dataset}.${s.table} WHERE ${s.statusColumn} = ${s.finalStatus} AND ${s.dateColumn} = DATE '${DAY}'`,
    );
    expect(expected).toBe(1);
    expect(report.data.coverage.expectedDates).toBe(expected);
    const missing: Record<number, string[]> = {};
    for (const t of catalog.tables) {
      const present = await one(
        `SELECT COUNT(DISTINCT ${t.dateColumn}) AS n FROM ${t.dataset}.${t.table} WHERE ${t.dateColumn} = DATE '${DAY}'`,
      );
      const phase = report.data.coverage.phases.find((p) => p.phase === t.phase);
      expect({ table: t.table, ...phase?.tables.find((x) => x.table === t.table) }).toMatchObject({
        table: t.table,
        expected,
        present,
      });
      if (present === 0 && t.critical && !t.expectedPartial)
        missing[t.phase] = [...(missing[t.phase] ?? []), t.table];
    }
    expect(Object.fromEntries(report.data.coverage.phases.map((p) => [p.phase, p.missingTables]))).toEqual({
      2: missing[2] ?? [],
      3: missing[3] ?? [],
      4: missing[4] ?? [],
      5: missing[5] ?? [],
    });
    // The demo stops before Phase 4 ran for the day.
    expect(missing[4]).toHaveLength(5);
  });

  it('counts failures of runs started in the last 24 hours by class, open apart from resolved', async () => {
    const rh = catalog.runHistory;
    const c = rh.columns;
    const since = "TIMESTAMP '2026-01-23 12:00:00'";
    const rows = await query(`
      WITH ranked AS (
        SELECT *, FIRST_VALUE(${c.status}) OVER (PARTITION BY ${c.processor}, ${c.date} ORDER BY ${c.startedAt} DESC) AS latest
        FROM ${rh.dataset}.${rh.table}
      ), failed AS (
        SELECT *, CASE WHEN regexp_matches(coalesce(${c.errors}, ''), 'INSUFFICIENT_DATA') THEN 'INSUFFICIENT_DATA'
          WHEN regexp_matches(coalesce(${c.errors}, ''), 'DependencyError') THEN 'DependencyError'
          ELSE 'PROCESSING_ERROR' END AS class
        FROM ranked WHERE ${c.status} = 'failed' AND ${c.startedAt} >= ${since}
      )
      SELECT class, COUNT(*) AS runs,
        COUNT(DISTINCT CASE WHEN latest <> 'success' THEN ${c.processor} || ${c.date} END) AS open,
        COUNT(DISTINCT CASE WHEN latest = 'success' THEN ${c.processor} || ${c.date} END) AS resolved
      FROM failed GROUP BY class ORDER BY class`);
    const ours = report.data.failures.classes
      .map((k) => ({ class: k.class, runs: k.runs, open: k.open, resolved: k.resolved }))
      .sort((a, b) => a.class.localeCompare(b.class));
    expect(ours).toEqual(
      rows.map((r) => ({ ...r, runs: Number(r.runs), open: Number(r.open), resolved: Number(r.resolved) })),
    );
    expect(ours).toEqual([
      { class: 'DependencyError', runs: 1, open: 0, resolved: 1 },
      { class: 'PROCESSING_ERROR', runs: 2, open: 2, resolved: 0 },
    ]);
    expect(report.data.failures).toMatchObject({
      hours: 24,
      since: '2026-01-23T12:00:00.000Z',
      runs: 3,
      open: 2,
      resolved: 1,
    });
  });

  it('lists the dates of the last 30 days with player coverage under 90%', async () => {
    const pc = catalog.playerCoverage;
    const window = `${pc.dateColumn} BETWEEN DATE '${DAY}' - INTERVAL 29 DAY AND DATE '${DAY}'`;
    const below = await query(
      `SELECT strftime(${pc.dateColumn}, '%Y-%m-%d') AS date, ${pc.expectedColumn} AS expected, ${pc.actualColumn} AS actual, ${pc.pctColumn} AS pct FROM ${pc.dataset}.${pc.table} WHERE ${window} AND ${pc.pctColumn} < 90 ORDER BY 1`,
    );
    const withData = await one(`SELECT COUNT(*) AS n FROM ${pc.dataset}.${pc.table} WHERE ${window}`);
    expect(below.length).toBeGreaterThan(0);
    expect(report.data.playerCoverage).toEqual({
      range: { start: '2025-12-25', end: DAY },
      alertBelowPct: 90,
      datesWithData: withData,
      below: below.map((r) => ({
        ...r,
        expected: Number(r.expected),
        actual: Number(r.actual),
        pct: Number(r.pct),
      })),
    });
  });

  it("counts stale rows in the upcoming tables as the seeds' cleanup query does, relative to today", async () => {
    const counts = [];
    for (const t of catalog.tables.filter((x) => x.staleAfterDays !== undefined)) {
      const rows = await one(
        `SELECT COUNT(*) AS n FROM ${t.dataset}.${t.table} WHERE ${t.dateColumn} < DATE '${TODAY}' - INTERVAL ${t.staleAfterDays} DAY`,
      );
      counts.push({ table: `${t.dataset}.${t.table}`, staleAfterDays: 7, before: '2026-01-17', rows });
    }
    expect(counts.map((c) => c.table)).toEqual([
      'nba_analytics.upcoming_player_game_context',
      'nba_analytics.upcoming_team_game_context',
    ]);
    expect(report.data.staleRows).toEqual({ total: counts.reduce((n, c) => n + c.rows, 0), tables: counts });
  });

  it('flags the confirmed re-run with no run of its processor on its dates for 6 hours', async () => {
    const rh = catalog.runHistory;
    const c = rh.columns;
    const since = await one(
      `SELECT COUNT(*) AS n FROM ${rh.dataset}.${rh.table} WHERE ${c.processor} = 'PlayerCompositeFactorsProcessor' AND ${c.date} = DATE '2026-01-23' AND ${c.startedAt} >= TIMESTAMP '2026-01-24 02:00:00'`,
    );
    expect(since).toBe(0);
    expect(report.data.backfills).toEqual({
      known: true,
      noProgressHours: 6,
      inProgress: 2,
      stalled: [
        {
          id: 'r_00000000000a',
          requestedBy: 'U0OPS',
          words: 'rerun 2026-01-23 PlayerCompositeFactorsProcessor',
          confirmedAt: '2026-01-24T02:00:00.000Z',
          lastRunAt: null,
          doneDates: 0,
          totalDates: 1,
        },
      ],
    });
  });

  it('opens with a verdict naming what needs a person, with the numbers above', () => {
    const d = report.data;
    const [upcg, utgc] = d.staleRows.tables;
    const below = d.playerCoverage.below.length;
    expect(d.generatedAt).toBe(NOW);
    expect(d.verdict.line).toBe(
      `Needs a person: Phase 4 missing 5 tables for ${DAY} · Phase 5 missing 1 table for ${DAY} · 2 open PROCESSING_ERRORs · ` +
        `player coverage below 90% on ${below} date${below === 1 ? '' : 's'} · ` +
        `${formatCount(upcg?.rows ?? 0)} stale rows in upcoming_player_game_context · ` +
        `${formatCount(utgc?.rows ?? 0)} stale rows in upcoming_team_game_context · 1 backfill with no progress for 6 h`,
    );
    expect(report.message.blocks[0]).toEqual({ kind: 'text', text: d.verdict.line, tone: 'bad' });
    expect(d.verdict.line).toMatch(/\d,\d{3} stale rows/);
  });
});
