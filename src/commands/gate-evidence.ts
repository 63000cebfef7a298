import { evaluateCoverage } from '../domain/coverage.js';
import { inRange } from '../domain/dates.js';
import { groupFailures } from '../domain/failures.js';
import type { GateEvidence } from '../domain/gates/gate-evidence.js';
import type { GateRule } from '../domain/gates/gate-rule.js';
import { gateTables } from '../domain/gates/scope-evidence.js';
import { summarizeQuality } from '../domain/quality.js';
import type { NamedRange } from '../domain/range-parser.js';
import type { CommandPorts } from './command-context.js';

const NOTHING = Promise.resolve(null);

/**
 * Reads what a gate's rule needs, and only that: coverage of the gate's tables, and, where the rule
 * asks, quality buckets, failed runs and player-level coverage — side by side, one query each.
 */
export async function collectGateEvidence(
  rule: GateRule,
  range: NamedRange,
  ports: CommandPorts,
): Promise<{ evidence: GateEvidence; roundTrips: number; millis: number }> {
  const { catalog, warehouse } = ports;
  const tables = gateTables(catalog, rule);
  const qualityTables = tables.filter((t) => t.phase === rule.phase && t.qualityColumn);
  const processors = [...new Set(tables.map((t) => t.processor))];
  const [coverage, quality, runs, players, newest] = await Promise.all([
    warehouse.coverage(range, tables, 'gate'),
    rule.needs.quality && qualityTables.length
      ? warehouse.qualityCounts(range, qualityTables, 'gate')
      : NOTHING,
    rule.needs.failures ? warehouse.failedRuns(range, processors, 'gate') : NOTHING,
    rule.needs.playerCoverage ? warehouse.playerCoverage(range, 'gate') : NOTHING,
    // Over the gate's own tables only: the next stage's writes must not make its approval stale.
    warehouse.newestModification(range, tables, 'gate'),
  ]);
  const measured = [coverage, quality, runs, players, newest].flatMap((m) =>
    m?.stats.roundTrips ? [m.stats] : [],
  );
  const evidence: GateEvidence = {
    phases: evaluateCoverage(catalog, coverage.value, range, tables),
    quality: quality ? summarizeQuality(qualityTables, quality.value, catalog.qualityBuckets) : [],
    failures: runs
      ? groupFailures(runs.value, catalog.failureClasses, catalog.runHistory.statuses.success)
      : [],
    playerCoverage: players?.value ?? [],
    newestModification: newest.value,
    expectedDates: coverage.value.expected.filter((d) => inRange(d, range)),
  };
  return {
    evidence,
    roundTrips: measured.reduce((sum, s) => sum + s.roundTrips, 0),
    millis: Math.max(...measured.map((s) => s.millis)),
  };
}
