import type { Catalog, CatalogTable } from '../config/catalog-schema.js';
import { type CoverageFacts, tableKey } from '../domain/coverage.js';
import type { CoverageExplain, TableReadPlan } from '../domain/coverage-explain.js';
import type { DateRange, IsoDate } from '../domain/dates.js';
import type { FailedRun } from '../domain/failures.js';
import type { PlayerCoverageDay } from '../domain/player-coverage.js';
import type { QualityCount } from '../domain/quality.js';
import type { ProcessorRuns } from '../domain/run-summary.js';
import { coveragePath, coverageSql, EXPECTED_TAG, scheduledTag } from './sql/coverage-sql.js';
import { failedRunsSql } from './sql/failed-runs-sql.js';
import { latestRunsSql } from './sql/latest-runs-sql.js';
import { GRADED_TAG, modelMetricsSql, modelsOf, PLACEHOLDER_TAG } from './sql/model-metrics-sql.js';
import { newestModificationSql } from './sql/newest-modification-sql.js';
import { playerCoverageSql } from './sql/player-coverage-sql.js';
import { qualitySql } from './sql/quality-sql.js';
import { rowCountsSql } from './sql/row-counts-sql.js';
import { runSummarySql } from './sql/run-summary-sql.js';
import type { SqlClient, SqlQuery, SqlRow } from './sql/sql-query.js';
import { staleRowsSql } from './sql/stale-rows-sql.js';
import type {
  CoverageOptions,
  FailedRunsOptions,
  LatestRun,
  Measured,
  ModelMetrics,
  RunSummaryOptions,
  StaleCutoff,
  StaleRowCount,
  Warehouse,
} from './warehouse.js';

const str = (v: SqlRow[string] | undefined): string => (v === null || v === undefined ? '' : String(v));
const num = (v: SqlRow[string] | undefined): number => (v === null || v === undefined ? 0 : Number(v));
/** A mean from a sum and a count; null when nothing was counted. */
const mean = (sum: SqlRow[string] | undefined, count: number): number | null =>
  count === 0 ? null : num(sum) / count;
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
    const { client } = this;
    const { rows, bytesBilled } = client.queryBilled
      ? await client.queryBilled(query)
      : { rows: await client.query(query), bytesBilled: undefined };
    const stats = { roundTrips: 1, millis: performance.now() - started };
    return { value: rows, stats: bytesBilled === undefined ? stats : { ...stats, bytesBilled } };
  }

  async coverage(
    range: DateRange,
    tables: CatalogTable[],
    label: string,
    options: CoverageOptions = {},
  ): Promise<Measured<CoverageFacts>> {
    const scheduled = options.scheduled === true;
    const { value: rows, stats } = await this.run(
      coverageSql(this.catalog, this.client.dialect, range, tables, label, { scheduled }),
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
    const value: CoverageFacts = { expected: sorted(EXPECTED_TAG), present };
    if (scheduled) value.scheduled = sorted(scheduledTag(tables));
    return { value, stats };
  }

  async failedRuns(
    range: DateRange,
    processors: string[] | null,
    label: string,
    options: FailedRunsOptions = {},
  ): Promise<Measured<FailedRun[]>> {
    const { dialect } = this.client;
    const query = failedRunsSql(this.catalog, dialect, range, processors, label, options.startedSince);
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

  async latestRuns(
    range: DateRange,
    processors: string[],
    since: string,
    label: string,
  ): Promise<Measured<LatestRun[]>> {
    const query = latestRunsSql(this.catalog, this.client.dialect, range, processors, since, label);
    if (processors.length === 0) return { value: [], stats: { roundTrips: 0, millis: 0 } };
    const { value: rows, stats } = await this.run(query);
    const runs = rows.map((row) => ({
      processor: str(row.processor),
      date: str(row.run_date),
      status: str(row.latest_status),
      startedAt: str(row.latest_started_at),
    }));
    return { value: runs, stats };
  }

  async staleRows(cutoffs: StaleCutoff[], label: string): Promise<Measured<StaleRowCount[]>> {
    if (cutoffs.length === 0) return { value: [], stats: { roundTrips: 0, millis: 0 } };
    const { value: rows, stats } = await this.run(staleRowsSql(this.client.dialect, cutoffs, label));
    const counts = new Map(rows.map((row) => [Number(row.t), Number(row.n)]));
    const value = cutoffs.map(({ table, before }, i) => ({
      table: tableKey(table),
      before,
      rows: counts.get(i) ?? 0,
    }));
    return { value, stats };
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

  async playerCoverage(range: DateRange, label: string): Promise<Measured<PlayerCoverageDay[]>> {
    const { value: rows, stats } = await this.run(
      playerCoverageSql(this.catalog, this.client.dialect, range, label),
    );
    const days = rows.map((row) => ({
      date: str(row.d),
      expected: Number(row.expected),
      actual: Number(row.actual),
      pct: Number(row.pct),
    }));
    return { value: days, stats };
  }

  async newestModification(
    range: DateRange,
    tables: CatalogTable[],
    label: string,
  ): Promise<Measured<string | null>> {
    const query = newestModificationSql(this.catalog, this.client.dialect, range, tables, label);
    if (!query) return { value: null, stats: { roundTrips: 0, millis: 0 } };
    const { value: rows, stats } = await this.run(query);
    return { value: nullableStr(rows[0]?.newest), stats };
  }

  async runSummary(
    range: DateRange,
    processors: string[] | null,
    label: string,
    options: RunSummaryOptions = {},
  ): Promise<Measured<ProcessorRuns[]>> {
    const { dialect } = this.client;
    const query = runSummarySql(this.catalog, dialect, range, processors, label, options.startedSince);
    const { value: rows, stats } = await this.run(query);
    const runs = rows.map((row) => ({
      processor: str(row.processor),
      phase: str(row.phase),
      success: Number(row.success),
      failed: Number(row.failed),
      skipped: Number(row.skipped),
      latestDate: str(row.latest_date),
      latestRun: str(row.latest_run),
    }));
    return { value: runs, stats };
  }

  async modelMetrics(window: DateRange, label: string): Promise<Measured<ModelMetrics>> {
    const models = modelsOf(this.catalog);
    const { value: rows, stats } = await this.run(
      modelMetricsSql(this.catalog, this.client.dialect, window, label),
    );
    const graded = rows.find((row) => Number(row.t) === GRADED_TAG) ?? {};
    const placeholders = rows.find((row) => Number(row.t) === PLACEHOLDER_TAG) ?? {};
    const [challengerRows, championRows, ensembleRows] = [graded.c_rows, graded.k_rows, graded.e_rows].map(
      num,
    );
    const value: ModelMetrics = {
      window: { start: window.start, end: window.end },
      challenger: {
        system: models.challenger.id,
        gradedRows: challengerRows ?? 0,
        mae: mean(graded.c_err, challengerRows ?? 0),
        placeholders: num(placeholders.placeholders),
      },
      champion: {
        system: models.champion.id,
        gradedRows: championRows ?? 0,
        mae: mean(graded.k_err, championRows ?? 0),
      },
      headToHead: {
        overlappingPicks: num(graded.overlap),
        challengerWins: num(graded.c_wins),
        championWins: num(graded.k_wins),
      },
      ensemble: { rows: ensembleRows ?? 0, mae: mean(graded.e_err, ensembleRows ?? 0) },
    };
    return { value, stats };
  }

  /**
   * Per table: the path coverage takes and the bytes it would scan. BigQuery prices each branch
   * with a dry run (free); elsewhere the bytes are estimated from the rows a date scan reads.
   */
  async explainCoverage(
    range: DateRange,
    tables: CatalogTable[],
    label: string,
  ): Promise<Measured<CoverageExplain>> {
    const started = performance.now();
    const { client, catalog } = this;
    const dialect = client.dialect;
    const s = catalog.schedule;
    const schedule = { dataset: s.dataset, table: s.table, dateColumn: s.dateColumn };
    if (client.dryRun) {
      const dryRun = client.dryRun.bind(client);
      const [total, expected, ...perTable] = await Promise.all([
        dryRun(coverageSql(catalog, dialect, range, tables, label)),
        dryRun(coverageSql(catalog, dialect, range, [], label)),
        ...tables.map((t) => dryRun(coverageSql(catalog, dialect, range, [t], label, { expected: false }))),
      ]);
      const plans: TableReadPlan[] = [
        { table: tableKey(schedule), path: 'date-scan', bytes: expected ?? 0 },
        ...tables.map((t, i) => ({
          table: tableKey(t),
          path: coveragePath(dialect, t),
          bytes: perTable[i] ?? 0,
        })),
      ];
      const stats = { roundTrips: tables.length + 2, millis: performance.now() - started };
      return { value: { dryRun: true, totalBytes: total ?? 0, tables: plans }, stats };
    }
    // A DATE is 4 bytes in DuckDB; the schedule branch also reads its status column (4 bytes).
    const all = [schedule, ...tables];
    const rows = await client.query(rowCountsSql(dialect, range, all, label));
    const counts = new Map(rows.map((row) => [Number(row.t), Number(row.n)]));
    const plans: TableReadPlan[] = all.map((t, i) => ({
      table: tableKey(t),
      path: 'date-scan',
      bytes: (counts.get(i) ?? 0) * (i === 0 ? 8 : 4),
    }));
    const totalBytes = plans.reduce((sum, p) => sum + p.bytes, 0);
    return {
      value: { dryRun: false, totalBytes, tables: plans },
      stats: { roundTrips: 1, millis: performance.now() - started },
    };
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
