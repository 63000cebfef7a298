import type { Catalog } from '../../../src/config/catalog-schema.js';
import { loadCatalog } from '../../../src/config/load-catalog.js';
import { evaluateCoverage, type PhaseCoverage, tableKey } from '../../../src/domain/coverage.js';
import { addDays, type DateRange, type IsoDate } from '../../../src/domain/dates.js';
import { type FailedRun, type FailureGroup, groupFailures } from '../../../src/domain/failures.js';
import type { GateEvidence } from '../../../src/domain/gates/gate-evidence.js';
import type { PlayerCoverageDay } from '../../../src/domain/player-coverage.js';
import { summarizeQuality, type TableQuality } from '../../../src/domain/quality.js';

// The smallest worlds that show each gate rule, built through the real coverage, failure and
// quality functions so the evidence has exactly the shape a caller will pass.

export const catalog: Catalog = loadCatalog('config/pipeline.yml');

/** `n` consecutive dates from `start` (2023-11-01 is after 2023-24's bootstrap window). */
export const days = (n: number, start: IsoDate = '2023-11-01'): IsoDate[] =>
  Array.from({ length: n }, (_, i) => addDays(start, i));

export const rangeOf = (dates: IsoDate[]): DateRange => ({
  start: dates[0] ?? '2023-11-01',
  end: dates[dates.length - 1] ?? '2023-11-01',
});

/** Coverage where every table has every expected date, except the tables named in `present`. */
export function coverage(
  expected: IsoDate[],
  present: Record<string, IsoDate[]> = {},
  range: DateRange = rangeOf(expected),
): PhaseCoverage[] {
  const facts = {
    expected,
    present: new Map(catalog.tables.map((t) => [tableKey(t), present[t.table] ?? expected])),
  };
  return evaluateCoverage(catalog, facts, range);
}

export const without = (dates: IsoDate[], ...drop: IsoDate[]): IsoDate[] =>
  dates.filter((d) => !drop.includes(d));

export function failures(runs: Partial<FailedRun>[]): FailureGroup[] {
  return groupFailures(
    runs.map((r) => ({
      processor: 'PlayerDailyCacheProcessor',
      phase: 'phase_4_precompute',
      date: '2023-11-01',
      startedAt: '2023-11-02 08:00:00',
      errors: null,
      missingDependencies: null,
      latestStatus: 'failed',
      ...r,
    })),
    catalog.failureClasses,
    catalog.runHistory.statuses.success,
  );
}

export const fullCoverage = (dates: IsoDate[], players = 26): PlayerCoverageDay[] =>
  dates.map((date) => ({ date, expected: players, actual: players, pct: 100 }));

/** Phase 4 quality: `records` rows per bucket name, all in player_daily_cache. */
export function quality(records: Record<string, number>): TableQuality[] {
  const tables = catalog.tables.filter((t) => t.qualityColumn);
  const counts = Object.entries(records).map(([bucket, n]) => ({
    table: 'nba_precompute.player_daily_cache',
    bucket,
    records: n,
  }));
  return summarizeQuality(tables, counts, catalog.qualityBuckets);
}

export function evidence(phases: PhaseCoverage[], rest: Partial<GateEvidence> = {}): GateEvidence {
  return { phases, quality: [], failures: [], playerCoverage: [], newestModification: null, ...rest };
}
