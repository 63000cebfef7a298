import type { CommandPorts } from '../commands/command-context.js';
import type { CoverageFacts } from '../domain/coverage.js';
import { addDays, type IsoDate } from '../domain/dates.js';
import type { FailedRun } from '../domain/failures.js';
import type { PlayerCoverageDay } from '../domain/player-coverage.js';
import type { RerunRequest } from '../store/state-store.js';
import type { LatestRun, Measured, StaleCutoff, StaleRowCount } from '../warehouse/warehouse.js';

/** Everything the report judges, as read: the warehouse's answers and the store's running re-runs. */
export interface ReportFacts {
  date: IsoDate;
  today: IsoDate;
  now: Date;
  coverage: CoverageFacts;
  /** Failed runs started in the last `failuresHours`, with their processor-date's latest status. */
  failedRuns: FailedRun[];
  failuresSince: string;
  playerCoverage: PlayerCoverageDay[];
  playerRange: { start: IsoDate; end: IsoDate };
  staleRows: StaleRowCount[];
  /** Confirmed re-runs; null without a store. */
  reruns: RerunRequest[] | null;
  /** Latest runs of the re-runs' processors on their dates since the earliest confirmation. */
  latestRuns: LatestRun[];
  query: { warehouse: string; roundTrips: number; queries: number; millis: number };
}

const LABEL = 'report';

/** Processors, dates and the earliest confirmation over the running re-runs: one latestRuns question. */
function rerunScope(reruns: RerunRequest[]) {
  const messages = reruns.flatMap((r) => r.plan.messages);
  const dates = messages.flatMap((m) => m.dates).sort();
  const since = reruns.map((r) => r.confirmedAt ?? r.requestedAt).sort()[0];
  const [start, end] = [dates[0], dates.at(-1)];
  if (!start || !end || !since) return null;
  return { range: { start, end }, processors: [...new Set(messages.map((m) => m.processor))].sort(), since };
}

/**
 * Reads the report's facts for `date`, run on `today`: the store first (the running re-runs, which
 * decide the run-history question), then every warehouse question side by side: one round trip.
 */
export async function readReportFacts(
  date: IsoDate,
  today: IsoDate,
  ports: CommandPorts,
): Promise<ReportFacts> {
  const { catalog, warehouse, clock } = ports;
  const now = clock.now();
  const reruns = ports.store ? await ports.store.listReruns({ states: ['confirmed'], limit: 200 }) : null;
  const failuresSince = new Date(now.getTime() - catalog.report.failuresHours * 3_600_000).toISOString();
  const playerRange = { start: addDays(date, -(catalog.report.playerCoverageDays - 1)), end: date };
  const cutoffs: StaleCutoff[] = catalog.tables.flatMap((table) =>
    table.staleAfterDays === undefined ? [] : [{ table, before: addDays(today, -table.staleAfterDays) }],
  );
  // Runs started in the window may be for any date the pipeline knows: every season up to today.
  const firstSeason = catalog.seasons.map((s) => s.start).sort()[0] ?? date;
  const scope = reruns ? rerunScope(reruns) : null;
  const none: Measured<LatestRun[]> = { value: [], stats: { roundTrips: 0, millis: 0 } };
  const [coverage, failed, players, stale, latest] = await Promise.all([
    warehouse.coverage({ start: date, end: date }, catalog.tables, LABEL),
    warehouse.failedRuns({ start: firstSeason, end: today }, null, LABEL, { startedSince: failuresSince }),
    warehouse.playerCoverage(playerRange, LABEL),
    warehouse.staleRows(cutoffs, LABEL),
    scope ? warehouse.latestRuns(scope.range, scope.processors, scope.since, LABEL) : Promise.resolve(none),
  ]);
  const answers = [coverage, failed, players, stale, latest];
  const queries = answers.reduce((n, m) => n + m.stats.roundTrips, 0);
  return {
    date,
    today,
    now,
    coverage: coverage.value,
    failedRuns: failed.value,
    failuresSince,
    playerCoverage: players.value,
    playerRange,
    staleRows: stale.value,
    reruns,
    latestRuns: latest.value,
    query: {
      warehouse: warehouse.kind,
      roundTrips: queries > 0 ? 1 : 0,
      queries,
      // Side by side, the round trip takes as long as its slowest query.
      millis: Math.max(...answers.map((m) => m.stats.millis)),
    },
  };
}
