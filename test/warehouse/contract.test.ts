import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/config/catalog-schema.js';
import { generateDemoWarehouse } from '../../src/demo/generate-demo.js';
import type { DateRange } from '../../src/domain/dates.js';
import { groupFailures } from '../../src/domain/failures.js';
import { DuckdbClient } from '../../src/warehouse/duckdb/duckdb-client.js';
import { SqlWarehouse } from '../../src/warehouse/sql-warehouse.js';
import type { LatestRun, Warehouse } from '../../src/warehouse/warehouse.js';
import { bigqueryOverStandin } from '../support/bigquery-adapter.js';
import type { BigqueryStandin } from '../support/bigquery-standin/start-bigquery-standin.js';
import { catalog } from '../support/ports.js';

// One contract, every adapter: the same questions on the same demo data must get the same answers.
const RANGES: Record<string, DateRange> = {
  'a season': { start: '2021-10-19', end: '2022-06-16' },
  'four seasons': { start: '2021-10-19', end: '2025-06-22' },
  'a week': { start: '2026-11-16', end: '2026-11-22' },
};
const scanOnly: Catalog = { ...catalog, tables: catalog.tables.map((t) => ({ ...t, partitioned: false })) };

describe('the warehouse contract, on DuckDB and on BigQuery through the REST stand-in', () => {
  let dir: string;
  let path: string;
  let duckdb: Warehouse;
  let bigquery: Warehouse;
  let bigqueryScan: Warehouse;
  let standin: BigqueryStandin;
  let scanStandin: BigqueryStandin;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'backfill-contract-'));
    path = join(dir, 'demo.duckdb');
    await generateDemoWarehouse(catalog, { path, scale: 0.2, seed: 5, asOf: '2026-11-23' });
    duckdb = new SqlWarehouse(catalog, await DuckdbClient.open({ path }));
    ({ warehouse: bigquery, standin } = await bigqueryOverStandin(catalog, path));
    ({ warehouse: bigqueryScan, standin: scanStandin } = await bigqueryOverStandin(scanOnly, path));
  }, 60_000);
  afterAll(async () => {
    await duckdb.close();
    await bigquery.close();
    await standin.close();
    await bigqueryScan.close();
    await scanStandin.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const [name, range] of Object.entries(RANGES)) {
    it(`gives identical coverage over ${name}`, async () => {
      const [d, b] = await Promise.all([
        duckdb.coverage(range, catalog.tables, 'status'),
        bigquery.coverage(range, catalog.tables, 'status'),
      ]);
      expect(d.value.expected.length).toBeGreaterThan(0);
      expect(b.value.expected).toEqual(d.value.expected);
      expect(Object.fromEntries(b.value.present)).toEqual(Object.fromEntries(d.value.present));
      expect(b.stats.roundTrips).toBe(1);
    });
  }

  it('gives identical scheduled dates (games not final yet) in the same query, when asked', async () => {
    // The demo is as of 2026-11-23: the rest of 2026-27 is scheduled.
    const range = { start: '2026-11-16', end: '2026-12-06' };
    const [d, b, plain] = await Promise.all([
      duckdb.coverage(range, catalog.tables, 'heatmap', { scheduled: true }),
      bigquery.coverage(range, catalog.tables, 'heatmap', { scheduled: true }),
      duckdb.coverage(range, catalog.tables, 'status'),
    ]);
    expect(d.value.scheduled?.length).toBeGreaterThan(5);
    expect(d.value.scheduled?.every((date) => date >= '2026-11-23' && date <= '2026-12-06')).toBe(true);
    expect(b.value.scheduled).toEqual(d.value.scheduled);
    expect(b.stats.roundTrips).toBe(1);
    expect(plain.value.scheduled).toBeUndefined();
    expect(d.value.expected).toEqual(plain.value.expected);
    expect(Object.fromEntries(d.value.present)).toEqual(Object.fromEntries(plain.value.present));
  });

  it('gives the same coverage from partition metadata as from date-column scans', async () => {
    const range = RANGES['four seasons'] as DateRange;
    const [viaMetadata, viaScan] = await Promise.all([
      bigquery.coverage(range, catalog.tables, 'status'),
      bigqueryScan.coverage(range, scanOnly.tables, 'status'),
    ]);
    expect(Object.fromEntries(viaMetadata.value.present)).toEqual(Object.fromEntries(viaScan.value.present));
    expect(viaMetadata.value.expected).toEqual(viaScan.value.expected);
  });

  it('gives identical failed runs, open and resolved, with the same signatures', async () => {
    const range = RANGES['four seasons'] as DateRange;
    const [d, b] = await Promise.all([
      duckdb.failedRuns(range, null, 'failures'),
      bigquery.failedRuns(range, null, 'failures'),
    ]);
    expect(d.value.length).toBeGreaterThan(20);
    expect(b.value).toEqual(d.value);
    const groups = (runs: typeof d.value) =>
      groupFailures(runs, catalog.failureClasses, catalog.runHistory.statuses.success);
    expect(groups(b.value)).toEqual(groups(d.value));
    const filtered = await Promise.all([
      duckdb.failedRuns(range, ['PlayerCompositeFactorsProcessor'], 'failures'),
      bigquery.failedRuns(range, ['PlayerCompositeFactorsProcessor'], 'failures'),
    ]);
    expect(filtered[1].value).toEqual(filtered[0].value);
    expect(new Set(filtered[0].value.map((r) => r.processor))).toEqual(
      new Set(['PlayerCompositeFactorsProcessor']),
    );
  });

  it('gives identical quality buckets', async () => {
    const range = RANGES['four seasons'] as DateRange;
    const tables = catalog.tables.filter((t) => t.qualityColumn);
    const [d, b] = await Promise.all([
      duckdb.qualityCounts(range, tables, 'quality'),
      bigquery.qualityCounts(range, tables, 'quality'),
    ]);
    const sorted = (xs: typeof d.value) =>
      [...xs].sort((x, y) => x.table.localeCompare(y.table) || x.bucket.localeCompare(y.bucket));
    expect(d.value.length).toBeGreaterThan(10);
    expect(sorted(b.value)).toEqual(sorted(d.value));
  });

  it('gives the same newest modification stamp over a range', async () => {
    const range = RANGES['a season'] as DateRange;
    const tables = catalog.tables.filter((t) => t.phase === 3);
    const [d, b] = await Promise.all([
      duckdb.newestModification(range, tables, 'gate'),
      bigquery.newestModification(range, tables, 'gate'),
    ]);
    expect(d.value).toMatch(/^2022-0[56]-\d\dT/);
    expect(b.value).toBe(d.value);
  });

  it('gives identical player-level coverage and run history', async () => {
    const range = RANGES['four seasons'] as DateRange;
    const [dc, bc] = await Promise.all([
      duckdb.playerCoverage(range, 'quality'),
      bigquery.playerCoverage(range, 'quality'),
    ]);
    expect(dc.value.length).toBeGreaterThan(50);
    expect(bc.value).toEqual(dc.value);
    const [dr, br] = await Promise.all([
      duckdb.runSummary(range, null, 'runs'),
      bigquery.runSummary(range, null, 'runs'),
    ]);
    expect(dr.value.length).toBeGreaterThan(10);
    expect(br.value).toEqual(dr.value);
  });

  it('gives identical latest runs since a moment, exactly those the run history holds', async () => {
    const range = RANGES['four seasons'] as DateRange;
    const processors = ['PlayerCompositeFactorsProcessor', 'PlayerGameSummaryProcessor'];
    // 2023-11-06 00:00 UTC, early in 2023-24 (re-runs of INSUFFICIENT_DATA failures come days later),
    // written with an offset: both adapters must compare instants, not texts.
    const since = '2023-11-05T19:00:00-05:00';
    const [d, b] = await Promise.all([
      duckdb.latestRuns(range, processors, since, 'rerun'),
      bigquery.latestRuns(range, processors, since, 'rerun'),
    ]);
    expect(b.value).toEqual(d.value);
    expect(b.stats.roundTrips).toBe(1);
    expect(d.value).toEqual(await latestRunsIn(path, range, processors, '2023-11-06 00:00:00'));
    expect(d.value.every((r) => r.date >= '2023-11-03')).toBe(true);
    // Dates first run before the moment appear only where a re-run started after it.
    const rerun = d.value.filter((r) => r.date < '2023-11-05');
    expect(rerun.map((r) => `${r.processor} ${r.date} ${r.status}`)).toEqual([
      'PlayerCompositeFactorsProcessor 2023-11-03 success',
      'PlayerCompositeFactorsProcessor 2023-11-04 success',
    ]);
    expect(new Set(d.value.map((r) => r.status))).toEqual(new Set(['success', 'failed', 'skipped']));
    const utc = await bigquery.latestRuns(range, processors, '2023-11-06T00:00:00.000Z', 'rerun');
    expect(utc.value).toEqual(d.value);
  });

  it('gives identical model metrics in one round trip, and zeros over a window with no predictions', async () => {
    const window = { start: '2026-01-17', end: '2026-01-30' };
    const [d, b] = await Promise.all([
      duckdb.modelMetrics(window, 'remind'),
      bigquery.modelMetrics(window, 'remind'),
    ]);
    expect(b.stats.roundTrips).toBe(1);
    expect(d.value.challenger.gradedRows).toBeGreaterThan(100);
    expect(d.value.headToHead.overlappingPicks).toBeGreaterThan(50);
    // Sums of the same doubles in another order may differ in the last bit: means compared to 1e-9.
    const { challenger, champion, ensemble, ...counts } = b.value;
    const mae = (m: { mae: number | null }) => m.mae ?? Number.NaN;
    expect(counts).toEqual({ window: d.value.window, headToHead: d.value.headToHead });
    expect({ ...challenger, mae: 0 }).toEqual({ ...d.value.challenger, mae: 0 });
    expect({ ...champion, mae: 0 }).toEqual({ ...d.value.champion, mae: 0 });
    expect(ensemble.rows).toBe(d.value.ensemble.rows);
    for (const [x, y] of [
      [challenger, d.value.challenger],
      [champion, d.value.champion],
      [ensemble, d.value.ensemble],
    ] as const)
      expect(mae(x)).toBeCloseTo(mae(y), 9);
    const empty = { start: '2019-01-01', end: '2019-01-31' };
    const none = await Promise.all([
      duckdb.modelMetrics(empty, 'remind'),
      bigquery.modelMetrics(empty, 'remind'),
    ]);
    for (const m of none)
      expect(m.value).toEqual({
        window: empty,
        challenger: { system: 'xgboost_v1', gradedRows: 0, mae: null, placeholders: 0 },
        champion: { system: 'catboost_v8', gradedRows: 0, mae: null },
        headToHead: { overlappingPicks: 0, challengerWins: 0, championWins: 0 },
        ensemble: { rows: 0, mae: null },
      });
  });

  it('answers latest runs for no processors without a query, and for a moment after every run with none', async () => {
    const range = RANGES['a week'] as DateRange;
    const none = await bigquery.latestRuns(range, [], '2020-01-01T00:00:00Z', 'rerun');
    expect(none).toEqual({ value: [], stats: { roundTrips: 0, millis: 0 } });
    const later = await Promise.all([
      duckdb.latestRuns(range, ['PlayerGameSummaryProcessor'], '2030-01-01T00:00:00Z', 'rerun'),
      bigquery.latestRuns(range, ['PlayerGameSummaryProcessor'], '2030-01-01T00:00:00Z', 'rerun'),
    ]);
    expect(later.map((m) => m.value)).toEqual([[], []]);
    await expect(duckdb.latestRuns(range, ['PlayerGameSummaryProcessor'], 'soon', 'rerun')).rejects.toThrow(
      '"soon" is not an ISO 8601 instant',
    );
  });
  it('gives identical failed runs started since an instant, whatever their date', async () => {
    const range = RANGES['four seasons'] as DateRange;
    const all = (await duckdb.failedRuns(range, null, 'report')).value;
    const since = all.map((r) => r.startedAt).sort()[Math.floor(all.length / 2)] as string;
    const [d, b] = await Promise.all([
      duckdb.failedRuns(range, null, 'report', { startedSince: since }),
      bigquery.failedRuns(range, null, 'report', { startedSince: since }),
    ]);
    expect(d.value).toEqual(all.filter((r) => r.startedAt >= since));
    expect(d.value.length).toBeGreaterThan(0);
    expect(d.value.length).toBeLessThan(all.length);
    expect(b.value).toEqual(d.value);
  });

  it('gives identical run summaries over runs started since an instant, in one round trip', async () => {
    const range = RANGES['four seasons'] as DateRange;
    const all = (await duckdb.runSummary(range, null, 'runs')).value;
    const since = all.map((r) => r.latestRun).sort()[Math.floor(all.length / 2)] as string;
    const [d, b] = await Promise.all([
      duckdb.runSummary(range, null, 'runs', { startedSince: since }),
      bigquery.runSummary(range, null, 'runs', { startedSince: since }),
    ]);
    // A processor stays exactly when its latest run started at or after the instant, with that run.
    const kept = all.filter((r) => r.latestRun >= since);
    expect(d.value.map((r) => [r.processor, r.latestRun])).toEqual(
      kept.map((r) => [r.processor, r.latestRun]),
    );
    expect(d.value.length).toBeLessThan(all.length);
    const runs = (rs: typeof all) => rs.reduce((sum, r) => sum + r.success + r.failed + r.skipped, 0);
    expect(runs(d.value)).toBeLessThan(runs(kept));
    expect(d.stats.roundTrips).toBe(1);
    expect(b.value).toEqual(d.value);
    expect(b.stats.roundTrips).toBe(1);
  });

  it('gives identical stale row counts per table, dated before each cutoff', async () => {
    const stale = catalog.tables.filter((t) => t.staleAfterDays !== undefined);
    const cutoffs = stale.map((table, i) => ({ table, before: i === 0 ? '2024-01-01' : '2026-11-16' }));
    const [d, b, none] = await Promise.all([
      duckdb.staleRows(cutoffs, 'report'),
      bigquery.staleRows(cutoffs, 'report'),
      bigquery.staleRows([], 'report'),
    ]);
    expect(d.value.map((s) => s.table)).toEqual(stale.map((t) => `${t.dataset}.${t.table}`));
    expect(d.value.every((s) => s.rows > 0)).toBe(true);
    expect(b.value).toEqual(d.value);
    expect(b.stats.roundTrips).toBe(1);
    expect(none).toEqual({ value: [], stats: { roundTrips: 0, millis: 0 } });
  });
});

/** The oracle: every run of the processors in the range, read with plain SQL, the latest at or after `since` kept. */
async function latestRunsIn(
  path: string,
  range: DateRange,
  processors: string[],
  since: string,
): Promise<LatestRun[]> {
  const instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(
      `SELECT processor_name, data_date::VARCHAR AS d, status, strftime(started_at, '%Y-%m-%dT%H:%M:%S.%g') AS t
        FROM nba_reference.processor_run_history
        WHERE data_date BETWEEN DATE '${range.start}' AND DATE '${range.end}'
          AND started_at >= TIMESTAMP '${since}' AND processor_name IN (${processors.map((p) => `'${p}'`).join(', ')})`,
    );
    const latest = new Map<string, LatestRun>();
    for (const [processor, date, status, startedAt] of reader.getRowsJS() as string[][]) {
      const run = { processor, date, status, startedAt: `${startedAt}Z` } as LatestRun;
      const key = `${run.processor} ${run.date}`;
      const seen = latest.get(key);
      if (!seen || seen.startedAt < run.startedAt) latest.set(key, run);
    }
    return [...latest.values()].sort(
      (x, y) => x.processor.localeCompare(y.processor) || x.date.localeCompare(y.date),
    );
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
