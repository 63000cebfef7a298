import type { Catalog } from '../config/catalog-schema.js';
import { evaluateCoverage, gatingTables } from '../domain/coverage.js';
import { groupFailures } from '../domain/failures.js';
import { belowThreshold } from '../domain/player-coverage.js';
import { bootstrapDates } from '../domain/seasons.js';
import type { ReportFacts } from './read-report-facts.js';
import type { ReportData, ReportFailureClass, ReportPhase } from './report-data.js';
import { reportVerdict } from './report-verdict.js';
import { stalledBackfills } from './stalled-backfills.js';

function phasesOf(catalog: Catalog, facts: ReportFacts): ReportPhase[] {
  return evaluateCoverage(catalog, facts.coverage, { start: facts.date, end: facts.date }).map((p) => ({
    phase: p.phase,
    name: p.name,
    expected: p.expected,
    complete: p.complete,
    tables: p.tables.map((t) => ({
      table: t.table,
      critical: t.critical,
      expectedPartial: t.expectedPartial,
      expected: t.expected,
      present: t.present,
    })),
    missingTables: gatingTables(p.tables)
      .filter((t) => t.missing.length > 0)
      .map((t) => t.table),
  }));
}

/** Per failure class, in catalog order: runs, open and resolved processor-dates, and who needs a look. */
function failureClasses(catalog: Catalog, facts: ReportFacts): ReportFailureClass[] {
  const groups = groupFailures(facts.failedRuns, catalog.failureClasses, catalog.runHistory.statuses.success);
  const bootstrap = bootstrapDates(
    groups.flatMap((g) => g.openDates),
    catalog.seasons,
    catalog.bootstrapDays,
  );
  return catalog.failureClasses.flatMap((c) => {
    const mine = groups.filter((g) => g.class === c.name);
    if (mine.length === 0) return [];
    const pairs = (pick: (d: string) => boolean, open: boolean) =>
      new Set(
        mine.flatMap((g) =>
          (open ? g.openDates : g.resolvedDates).filter(pick).map((d) => `${g.processor}|${d}`),
        ),
      ).size;
    const all = () => true;
    return [
      {
        class: c.name,
        runs: mine.reduce((n, g) => n + g.runs, 0),
        open: pairs(all, true),
        resolved: pairs(all, false),
        // Early-season classes on bootstrap days are the pipeline working as designed.
        needsPerson: pairs((d) => !(c.expectedEarlySeason && bootstrap.has(d)), true),
      },
    ];
  });
}

/** The report's data from its facts: every section, then the verdict over them. */
export function judgeReport(catalog: Catalog, facts: ReportFacts): ReportData {
  const classes = failureClasses(catalog, facts);
  const staleTables = facts.staleRows.map((s) => {
    const table = catalog.tables.find((t) => `${t.dataset}.${t.table}` === s.table);
    return { table: s.table, staleAfterDays: table?.staleAfterDays ?? 0, before: s.before, rows: s.rows };
  });
  const { noProgressHours } = catalog.report;
  const sections: Omit<ReportData, 'verdict'> = {
    date: facts.date,
    today: facts.today,
    generatedAt: facts.now.toISOString(),
    coverage: { expectedDates: facts.coverage.expected.length, phases: phasesOf(catalog, facts) },
    failures: {
      hours: catalog.report.failuresHours,
      since: facts.failuresSince,
      runs: facts.failedRuns.length,
      open: classes.reduce((n, c) => n + c.open, 0),
      resolved: classes.reduce((n, c) => n + c.resolved, 0),
      classes,
    },
    playerCoverage: {
      range: facts.playerRange,
      alertBelowPct: catalog.playerCoverage.alertBelowPct,
      datesWithData: facts.playerCoverage.length,
      below: belowThreshold(facts.playerCoverage, catalog.playerCoverage.alertBelowPct),
    },
    staleRows: { total: staleTables.reduce((n, t) => n + t.rows, 0), tables: staleTables },
    backfills: facts.reruns
      ? {
          known: true,
          noProgressHours,
          ...stalledBackfills(
            facts.reruns,
            facts.latestRuns,
            facts.now,
            noProgressHours,
            catalog.runHistory.statuses.success,
          ),
        }
      : { known: false, why: 'no state store to read re-run requests from' },
    query: facts.query,
  };
  return { ...sections, verdict: reportVerdict(sections) };
}
