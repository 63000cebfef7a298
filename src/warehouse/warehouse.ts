import type { CatalogTable } from '../config/catalog-schema.js';
import type { CoverageFacts } from '../domain/coverage.js';
import type { CoverageExplain } from '../domain/coverage-explain.js';
import type { DateRange, IsoDate } from '../domain/dates.js';
import type { FailedRun } from '../domain/failures.js';
import type { PlayerCoverageDay } from '../domain/player-coverage.js';
import type { QualityCount } from '../domain/quality.js';
import type { ProcessorRuns } from '../domain/run-summary.js';

/** What a warehouse call cost: tests and benchmarks count round trips; the CLI prints the time. */
export interface QueryStats {
  roundTrips: number;
  millis: number;
  /**
   * What the jobs billed, where the warehouse says (BigQuery's totalBytesBilled; DuckDB: absent). For
   * the request log only: InstrumentedWarehouse takes it off, so answers keep their documented
   * `query` shape (docs/json.md).
   */
  bytesBilled?: number;
}

export interface Measured<T> {
  value: T;
  stats: QueryStats;
}

/** The latest run of a processor on a date among those started at or after a moment. */
export interface LatestRun {
  processor: string;
  date: IsoDate;
  /** As the run history holds it (the catalog's runHistory.statuses: success, failed, skipped). */
  status: string;
  /** ISO 8601 UTC, in milliseconds. */
  startedAt: string;
}

/** One model system's graded rows (an absolute error recorded) in a window, and their mean error. */
export interface SystemMetrics {
  system: string;
  gradedRows: number;
  /** Mean absolute error over those rows; null when there are none. */
  mae: number | null;
}

/**
 * The catalog's challenger and champion over a window (ML milestones, seed 000). An overlapping pick
 * is a player-game (date, player) both systems recommend OVER or UNDER; a win, such a pick graded
 * correct. The ensemble is the mean of both systems' predicted points on the player-games both
 * graded, with its own mean absolute error against the actual points.
 */
export interface ModelMetrics {
  window: DateRange;
  challenger: SystemMetrics & { placeholders: number };
  champion: SystemMetrics;
  headToHead: { overlappingPicks: number; challengerWins: number; championWins: number };
  ensemble: { rows: number; mae: number | null };
}

/** A table and the date before which its rows are stale (catalog staleAfterDays before today). */
export interface StaleCutoff {
  table: CatalogTable;
  before: IsoDate;
}

/** Rows of a table dated before its cutoff. */
export interface StaleRowCount {
  /** tableKey(): "dataset.table". */
  table: string;
  before: IsoDate;
  rows: number;
}

/** What coverage reads besides the expected and present dates. */
export interface CoverageOptions {
  /** Also the dates with a game not final yet (CoverageFacts.scheduled), in the same query. */
  scheduled?: boolean;
}

/** Narrows failedRuns to runs started at or after an instant (ISO 8601), whatever their date. */
export interface FailedRunsOptions {
  startedSince?: string;
}

/** Narrows runSummary to runs started at or after an instant (ISO 8601), next to the date range. */
export interface RunSummaryOptions {
  startedSince?: string;
}

/** The warehouse port: the questions commands ask, answered in domain types. */
export interface Warehouse {
  readonly kind: 'duckdb' | 'bigquery';
  /**
   * Expected dates and each table's present dates over a range (with `scheduled`, the dates still to
   * be played too): one round trip.
   */
  coverage(
    range: DateRange,
    tables: CatalogTable[],
    label: string,
    options?: CoverageOptions,
  ): Promise<Measured<CoverageFacts>>;
  /**
   * Failed runs in a range (all processors when null), each with its processor/date's latest status;
   * `startedSince` keeps only the failed runs started at or after that instant (the latest status
   * still reads every run in the range).
   */
  failedRuns(
    range: DateRange,
    processors: string[] | null,
    label: string,
    options?: FailedRunsOptions,
  ): Promise<Measured<FailedRun[]>>;
  /** Row counts per quality bucket for tables with a quality column. */
  qualityCounts(range: DateRange, tables: CatalogTable[], label: string): Promise<Measured<QualityCount[]>>;
  /** Player-level coverage per date in a range. */
  playerCoverage(range: DateRange, label: string): Promise<Measured<PlayerCoverageDay[]>>;
  /**
   * Runs per processor by status over a range (all processors when null); `startedSince` counts
   * only the runs started at or after that instant.
   */
  runSummary(
    range: DateRange,
    processors: string[] | null,
    label: string,
    options?: RunSummaryOptions,
  ): Promise<Measured<ProcessorRuns[]>>;
  /**
   * Per processor and date in the range, the latest run started at or after `since` (an ISO 8601
   * instant); processor-dates with no such run are absent. Sorted by processor, then date. How a
   * re-run request tells which of its dates are done (a newer success), failed again, or not run yet.
   */
  latestRuns(
    range: DateRange,
    processors: string[],
    since: string,
    label: string,
  ): Promise<Measured<LatestRun[]>>;
  /** The newest row stamp (catalog modifiedColumn) over tables within a range; null when none or not configured. */
  newestModification(
    range: DateRange,
    tables: CatalogTable[],
    label: string,
  ): Promise<Measured<string | null>>;
  /** The challenger's and champion's numbers over a window (catalog `models`): one round trip. */
  modelMetrics(window: DateRange, label: string): Promise<Measured<ModelMetrics>>;
  /** Per cutoff, the rows dated before it (one round trip; none for no cutoffs). */
  staleRows(cutoffs: StaleCutoff[], label: string): Promise<Measured<StaleRowCount[]>>;
  /** What coverage would read per table and the bytes it would scan, without running it. */
  explainCoverage(
    range: DateRange,
    tables: CatalogTable[],
    label: string,
  ): Promise<Measured<CoverageExplain>>;
  close(): Promise<void>;
}
