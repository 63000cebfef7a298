import type { Catalog, CatalogTable } from '../config/catalog-schema.js';
import { type CoverageFacts, tableKey } from '../domain/coverage.js';
import type { DateRange, IsoDate } from '../domain/dates.js';
import type { FailedRun } from '../domain/failures.js';
import type { QualityCount } from '../domain/quality.js';
import { coverageSql, EXPECTED_TAG } from './sql/coverage-sql.js';
import { failedRunsSql } from './sql/failed-runs-sql.js';
import { qualitySql } from './sql/quality-sql.js';
import type { SqlClient, SqlQuery, SqlRow } from './sql/sql-query.js';
import type { Measured, Warehouse } from './warehouse.js';

const str = (v: SqlRow[string] | undefined): string => (v === null || v === undefined ? '' : String(v));
const nullableStr = (v: SqlRow[string] | undefined): string | null =>
  v === null || v === undefined ? null : String(v);

/** The warehouse port over any SQL client: SQL comes from the catalog, the client only executes it. */
export class SqlWarehouse implements Warehouse {
  constructor(
    private readonly catalog: Catalog,
    private readonly client: SqlClient,
  ) {}

  get kind() {
    return this.client.dialect.name;
  }

  private async run(query: SqlQuery): Promise<Measured<SqlRow[]>> {
    const started = performance.now();
    const rows = await this.client.query(query);
    return { value: rows, stats: { roundTrips: 1, millis: performance.now() - started } };
  }

  async coverage(range: DateRange, tables: CatalogTable[], label: string): Promise<Measured<CoverageFacts>> {
    const { value: rows, stats } = await this.run(
      coverageSql(this.catalog, this.client.dialect, range, tables, label),
    );
    const byTag = new Map<number, IsoDate[]>();
    for (const row of rows) {
      const tag = Number(row.t);
      const list = byTag.get(tag) ?? [];
      list.push(str(row.d));
      byTag.set(tag, list);
    }
    const sorted = (tag: number) => (byTag.get(tag) ?? []).sort();
    const present = new Map(tables.map((table, i) => [tableKey(table), sorted(i + 1)]));
    return { value: { expected: sorted(EXPECTED_TAG), present }, stats };
  }

  async failedRuns(
    range: DateRange,
    processors: string[] | null,
    label: string,
  ): Promise<Measured<FailedRun[]>> {
    const query = failedRunsSql(this.catalog, this.client.dialect, range, processors, label);
    const { value: rows, stats } = await this.run(query);
    const runs = rows.map((row) => ({
      processor: str(row.processor),
      phase: str(row.phase),
      date: str(row.run_date),
      startedAt: str(row.started_at),
      errors: nullableStr(row.errors),
      missingDependencies: nullableStr(row.missing_dependencies),
      latestStatus: str(row.latest_status),
    }));
    return { value: runs, stats };
  }

  async qualityCounts(
    range: DateRange,
    tables: CatalogTable[],
    label: string,
  ): Promise<Measured<QualityCount[]>> {
    if (tables.length === 0) return { value: [], stats: { roundTrips: 0, millis: 0 } };
    const { value: rows, stats } = await this.run(
      qualitySql(this.catalog, this.client.dialect, range, tables, label),
    );
    const counts = rows.map((row) => {
      const table = tables[Number(row.t)];
      const bucket = this.catalog.qualityBuckets[Number(row.bucket)];
      if (!table || !bucket) throw new Error(`quality row out of range: ${JSON.stringify(row)}`);
      return { table: tableKey(table), bucket: bucket.name, records: Number(row.records) };
    });
    return { value: counts, stats };
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
