import type { FailureClass, QualityBucket } from '../../config/catalog-schema.js';
import type { PhaseCoverage } from '../coverage.js';
import type { IsoDate } from '../dates.js';
import { plural } from '../message.js';
import { belowThreshold } from '../player-coverage.js';
import type { TableQuality } from '../quality.js';
import { datesText, type GateCheck, info, rule } from './gate-check.js';
import { bootstrapDays, type GateEvidence, openFailures } from './gate-evidence.js';

export function bootstrapCheck(phase: PhaseCoverage, sequence?: IsoDate[]): GateCheck[] {
  if (phase.bootstrap.length === 0) return [];
  const days = plural(phase.bootstrap.length, 'bootstrap day');
  return [info('bootstrap days', `${days} not counted: ${datesText(phase.bootstrap, sequence)}`)];
}

/** The distribution over all given tables together: context for the approver, not a rule. */
export function qualityCheck(tables: TableQuality[], buckets: QualityBucket[]): GateCheck {
  const records = (name: string) =>
    tables.reduce((sum, t) => sum + (t.buckets.find((b) => b.name === name)?.records ?? 0), 0);
  const total = buckets.reduce((sum, b) => sum + records(b.name), 0);
  if (total === 0) return info('quality', 'quality: no rows with a quality score');
  // Rounded like summarizeQuality, so the card agrees with `/backfill quality`.
  const shares = buckets.map((b) => `${b.name} ${Math.round((records(b.name) * 1000) / total) / 10}%`);
  return info(
    'quality',
    `quality of ${total} rows in ${plural(tables.length, 'table')}: ${shares.join(' · ')}`,
  );
}

/** Bootstrap days are left out: no precompute rows there is by design, not lost players. */
export function playerCoverageCheck(evidence: GateEvidence, minPct: number, sequence?: IsoDate[]): GateCheck {
  const name = 'player coverage';
  const skip = bootstrapDays(evidence);
  const days = evidence.playerCoverage.filter((d) => !skip.has(d.date));
  if (days.length === 0)
    return rule(name, 'WARN', `player coverage: no dates recorded, ≥ ${minPct}% unverified`);
  const lowest = Math.min(...days.map((d) => d.pct));
  const low = belowThreshold(days, minPct);
  if (low.length === 0)
    return rule(
      name,
      'PASS',
      `player coverage ≥ ${minPct}% on all ${plural(days.length, 'date')} (lowest ${lowest}%)`,
    );
  const dates = datesText(
    low.map((d) => d.date),
    sequence,
  );
  return rule(
    name,
    'FAIL',
    `player coverage below ${minPct}% on ${low.length} of ${plural(days.length, 'date')}: ${dates} (lowest ${lowest}%)`,
  );
}

/**
 * Open failures by class. The blocking class is the catalog's catch-all, the last failure class
 * (PROCESSING_ERROR: "investigate"), the same one classifyFailure falls back to. Classes expected
 * early in a season and every other named class (DependencyError: "backfill upstream first") warn:
 * their fix is a re-run the coverage checks already ask for. The blocking class always gets a line,
 * so the card shows the rule was checked.
 */
export function failureChecks(evidence: GateEvidence, classes: FailureClass[]): GateCheck[] {
  const catchAll = classes[classes.length - 1];
  const open = openFailures(evidence);
  const names = [...new Set([...(catchAll ? [catchAll.name] : []), ...open.map((g) => g.class)])];
  return names.map((className) => {
    const groups = open.filter((g) => g.class === className);
    const byProcessor = new Map<string, Set<IsoDate>>();
    for (const g of groups) {
      const dates = byProcessor.get(g.processor) ?? new Set<IsoDate>();
      for (const d of g.openDates) dates.add(d);
      byProcessor.set(g.processor, dates);
    }
    const name = `open ${className}`;
    if (byProcessor.size === 0) return rule(name, 'PASS', `open ${className}: none`);
    const count = [...byProcessor.values()].reduce((sum, s) => sum + s.size, 0);
    const parts = [...byProcessor]
      .sort(([a, x], [b, y]) => y.size - x.size || a.localeCompare(b))
      .map(([processor, dates]) => `${processor} ${dates.size}`);
    const failureClass = classes.find((c) => c.name === className);
    const blocking = className === catchAll?.name && !failureClass?.expectedEarlySeason;
    const advice = failureClass ? ` ${failureClass.advice}` : '';
    const detail = `open ${className}: ${plural(count, 'processor-date')} (${parts.join(', ')}).${advice}`;
    return rule(name, blocking ? 'FAIL' : 'WARN', detail);
  });
}
