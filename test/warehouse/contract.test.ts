import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/config/catalog-schema.js';
import { generateDemoWarehouse } from '../../src/demo/generate-demo.js';
import type { DateRange } from '../../src/domain/dates.js';
import { groupFailures } from '../../src/domain/failures.js';
import { DuckdbClient } from '../../src/warehouse/duckdb/duckdb-client.js';
import { SqlWarehouse } from '../../src/warehouse/sql-warehouse.js';
import type { Warehouse } from '../../src/warehouse/warehouse.js';
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
  let duckdb: Warehouse;
  let bigquery: Warehouse;
  let bigqueryScan: Warehouse;
  let standin: BigqueryStandin;
  let scanStandin: BigqueryStandin;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'backfill-contract-'));
    const path = join(dir, 'demo.duckdb');
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
});
