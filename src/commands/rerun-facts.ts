import { targetProcessors } from '../domain/catalog-target.js';
import { evaluateCoverage } from '../domain/coverage.js';
import { addDays, eachDay, type IsoDate } from '../domain/dates.js';
import { groupFailures } from '../domain/failures.js';
import { planRerun } from '../domain/reruns/plan-rerun.js';
import type { RerunAsk, RerunPlan } from '../domain/reruns/rerun-plan.js';
import { bootstrapDates } from '../domain/seasons.js';
import type { CommandPorts } from './command-context.js';
import type { RerunWords } from './rerun-words.js';

export interface PlannedRerun {
  ask: RerunAsk;
  plan: RerunPlan;
  /** Open INSUFFICIENT_DATA-like failures on bootstrap days: expected, shown, not re-run. */
  expectedFailures: { processor: string; dates: IsoDate[] }[];
  query: { warehouse: string; roundTrips: number; millis: number };
}

type PlanWords = Extract<RerunWords, { kind: 'plan' }>;

/**
 * Reads what a re-run plan needs and builds it: the coverage of every table over the range widened
 * by the lookback window both ways (upstream checks look back, staleness looks ahead) and, for
 * `rerun failed`, the open failures in the range, read side by side: one round trip each, together.
 * `rerun gaps` re-runs exactly the dates the coverage lacks, for the processors that write them.
 */
export async function planFromWarehouse(words: PlanWords, ports: CommandPorts): Promise<PlannedRerun> {
  const { catalog, warehouse } = ports;
  const { range, target, source, flags } = words;
  const processors = targetProcessors(catalog, target) ?? catalog.processors.map((p) => p.name);
  const widened = {
    start: addDays(range.start, -catalog.lookbackDays),
    end: addDays(range.end, catalog.lookbackDays),
  };
  const [coverage, failed] = await Promise.all([
    warehouse.coverage(widened, catalog.tables, 'rerun'),
    source === 'failed' ? warehouse.failedRuns(range, processors, 'rerun') : null,
  ]);
  const dates: Record<string, IsoDate[]> = {};
  const expectedFailures: PlannedRerun['expectedFailures'] = [];
  if (failed) {
    const groups = groupFailures(failed.value, catalog.failureClasses, catalog.runHistory.statuses.success);
    for (const group of groups) {
      // An early-season class (INSUFFICIENT_DATA) on a bootstrap day is the pipeline working as designed.
      const expected = group.expectedEarlySeason
        ? bootstrapDates(group.openDates, catalog.seasons, catalog.bootstrapDays)
        : new Set<IsoDate>();
      const run = group.openDates.filter((d) => !expected.has(d));
      if (run.length) dates[group.processor] = [...(dates[group.processor] ?? []), ...run];
      if (expected.size) expectedFailures.push({ processor: group.processor, dates: [...expected].sort() });
    }
  } else if (source === 'gaps') {
    // The gaps as status and the heatmap count them: expected dates (bootstrap days excluded where
    // the phase has them) missing from a table; an expected-partial table has none by design.
    const asked = new Set(processors);
    const tables = catalog.tables.filter((t) => asked.has(t.processor) && !t.expectedPartial);
    for (const phase of evaluateCoverage(catalog, coverage.value, range, tables)) {
      for (const table of phase.tables) {
        const processor = tables.find(
          (t) => t.table === table.table && t.dataset === table.dataset,
        )?.processor;
        if (!processor || table.missing.length === 0) continue;
        dates[processor] = [...new Set([...(dates[processor] ?? []), ...table.missing])].sort();
      }
    }
  } else {
    for (const processor of processors) dates[processor] = eachDay(range.start, range.end);
  }
  const ask: RerunAsk = { dates, withDownstream: flags.withDownstream, override: flags.override };
  const plan = planRerun(catalog, ask, {
    expected: coverage.value.expected,
    present: coverage.value.present,
  });
  const stats = [coverage.stats, ...(failed ? [failed.stats] : [])];
  return {
    ask,
    plan,
    expectedFailures,
    query: {
      warehouse: warehouse.kind,
      roundTrips: stats.reduce((n, s) => n + s.roundTrips, 0),
      millis: Math.max(...stats.map((s) => s.millis)),
    },
  };
}
