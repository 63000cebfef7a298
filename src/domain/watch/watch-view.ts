import type { Catalog, CatalogTable } from '../../config/catalog-schema.js';
import { type CoverageFacts, evaluateCoverage, gatingTables, tableKey } from '../coverage.js';
import { type DateRange, type IsoDate, inRange } from '../dates.js';
import { errorPreview } from '../error-signature.js';
import type { FailedRun } from '../failures.js';

/** Successes in this window make a phase's rate (dates per hour) and its "completed in the last hour". */
export const RATE_WINDOW_MS = 3_600_000;
/** Failures shown: those of runs started since the watch began, and this long before it. */
export const FAILURES_BEFORE_START_MS = 3_600_000;
const FAILURES_SHOWN = 3;

export interface WatchPhaseView {
  phase: number;
  name: string;
  /** Expected dates (bootstrap days excluded where the phase has them). */
  expected: number;
  /** Dates on which every gating table is present. */
  complete: number;
  /** Complete dates with a successful run of a gating table's processor in the last hour. */
  completedLastHour: number;
  /**
   * Dates per hour at which the phase's slowest table with gaps filled in the last hour (its
   * processor's successful dates); null when the phase is complete.
   */
  perHour: number | null;
  /** Minutes to complete at those rates; null when complete or when a table with gaps made no progress. */
  etaMinutes: number | null;
}

export interface WatchFailure {
  processor: string;
  date: IsoDate;
  startedAt: string;
  error: string;
}

/** What a watch's message shows at one moment: stored with the watch, so it can be redrawn. */
export interface WatchView {
  /** When it was drawn (ISO). */
  at: string;
  phases: WatchPhaseView[];
  /** Every phase complete (and something expected). */
  complete: boolean;
  /** Expected dates in the range (final games). */
  expectedDates: number;
  /** Table-dates present over the watched tables: more than before is progress. */
  progress: number;
  /** Processor-dates still failing (latest run not a success) with a failed run since `since`, newest first. */
  failures: { since: string; open: number; latest: WatchFailure[] };
}

/** What the warehouse said in one tick's round trip. */
export interface WatchFacts {
  coverage: CoverageFacts;
  /** Per processor and date, the latest run started in the last RATE_WINDOW_MS. */
  recentRuns: { processor: string; date: IsoDate; status: string }[];
  /** Failed runs started since `failuresSince`, each with its processor-date's latest status. */
  failedRuns: FailedRun[];
  failuresSince: string;
}

/**
 * The watch view from one tick's facts: per phase its bar (complete of expected), the dates it
 * completed in the last hour, and an ETA. A phase is done when its slowest gating table is, so its
 * ETA is the longest of its tables' (missing dates / that table's processor's successful dates in the
 * last hour); a table with gaps and no recent success makes it "no recent progress" (null). Pure.
 */
export function watchView(
  catalog: Catalog,
  tables: CatalogTable[],
  range: DateRange,
  facts: WatchFacts,
  now: Date,
): WatchView {
  const success = catalog.runHistory.statuses.success;
  const phases = evaluateCoverage(catalog, facts.coverage, range, tables);
  const processorOf = new Map(tables.map((t) => [tableKey(t), t.processor]));
  const succeeded = new Map<string, Set<IsoDate>>();
  for (const run of facts.recentRuns) {
    if (run.status !== success) continue;
    const dates = succeeded.get(run.processor) ?? new Set<IsoDate>();
    dates.add(run.date);
    succeeded.set(run.processor, dates);
  }
  const expected = facts.coverage.expected.filter((d) => inRange(d, range));
  const views = phases.map((p): WatchPhaseView => {
    const gating = gatingTables(p.tables).map((t) => ({
      coverage: t,
      done: succeeded.get(processorOf.get(tableKey(t)) ?? '') ?? new Set<IsoDate>(),
    }));
    const excluded = new Set([...p.bootstrap, ...p.missing]);
    const completeDates = expected.filter((d) => !excluded.has(d));
    const completedLastHour = completeDates.filter((d) => gating.some((g) => g.done.has(d))).length;
    if (p.missing.length === 0) {
      return { ...phaseBase(p), completedLastHour, perHour: null, etaMinutes: null };
    }
    // Only dates the phase expects count towards a table's rate (no bootstrap, no game-less days).
    const phaseDates = new Set(expected.filter((d) => !p.bootstrap.includes(d)));
    const behind = gating
      .filter((g) => g.coverage.missing.length > 0)
      .map((g) => {
        const perHour = [...g.done].filter((d) => phaseDates.has(d)).length / (RATE_WINDOW_MS / 3_600_000);
        return {
          perHour,
          hours: perHour > 0 ? g.coverage.missing.length / perHour : Number.POSITIVE_INFINITY,
        };
      })
      .sort((a, b) => b.hours - a.hours);
    const slowest = behind[0];
    const etaMinutes =
      slowest && Number.isFinite(slowest.hours) ? Math.max(1, Math.ceil(slowest.hours * 60)) : null;
    return { ...phaseBase(p), completedLastHour, perHour: slowest?.perHour ?? 0, etaMinutes };
  });
  // One line per processor-date still failing: its newest failed run.
  const newest = new Map<string, FailedRun>();
  for (const run of facts.failedRuns) {
    if (run.latestStatus === success) continue;
    const key = `${run.processor}|${run.date}`;
    const seen = newest.get(key);
    if (!seen || run.startedAt > seen.startedAt) newest.set(key, run);
  }
  const open = [...newest.values()].sort(
    (a, b) => b.startedAt.localeCompare(a.startedAt) || a.processor.localeCompare(b.processor),
  );
  return {
    at: now.toISOString(),
    phases: views,
    complete: expected.length > 0 && views.every((v) => v.complete === v.expected),
    expectedDates: expected.length,
    progress: phases.reduce((sum, p) => sum + p.tables.reduce((n, t) => n + t.present, 0), 0),
    failures: {
      since: facts.failuresSince,
      open: open.length,
      latest: open.slice(0, FAILURES_SHOWN).map((r) => ({
        processor: r.processor,
        date: r.date,
        startedAt: r.startedAt,
        error: errorPreview(r.errors),
      })),
    },
  };
}

const phaseBase = (p: { phase: number; name: string; expected: number; complete: number }) => ({
  phase: p.phase,
  name: p.name,
  expected: p.expected,
  complete: p.complete,
});
