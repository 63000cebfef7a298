import type { Catalog } from '../config/catalog-schema.js';
import { gatingTables, type PhaseCoverage } from './coverage.js';
import { plural } from './message.js';

export type Verdict = 'complete' | 'incomplete' | 'nothing-expected';

export interface StatusVerdict {
  verdict: Verdict;
  /** One line: every phase's state, e.g.
   * "Phase 2 complete · Phase 3 incomplete: 112 dates missing (47.2%) · Phase 4 waits on it". */
  summary: string;
  /** What to do next, following the seeds' rule: phase by phase, never date by date. */
  nextStep: string;
}

const gateFor = (catalog: Catalog, phase: number) =>
  Object.entries(catalog.gates).find(([, g]) => g.phase === phase)?.[0];

export function statusVerdict(
  catalog: Catalog,
  phases: PhaseCoverage[],
  expectedDates: number,
): StatusVerdict {
  if (expectedDates === 0) {
    return {
      verdict: 'nothing-expected',
      summary: 'No final games in this range: nothing is expected.',
      nextStep: 'Pick a range with games (e.g. a season like 2023-24).',
    };
  }
  // The first phase with missing dates decides: earlier ones are complete, later ones wait on it.
  const first = phases.find((p) => p.missing.length > 0);
  const waiting = phases.filter((p) => first && p.phase > first.phase && p.missing.length > 0);
  const waits =
    waiting.length === 1
      ? `Phase ${waiting[0]?.phase} waits on it`
      : `Phases ${waiting.map((p) => p.phase).join(', ')} wait on it`;
  const parts = phases.flatMap((p) => {
    if (p.missing.length === 0) return [`Phase ${p.phase} complete`];
    if (p !== first) return [];
    const state =
      p.complete === 0
        ? `Phase ${p.phase} not started: ${plural(p.expected, 'date')} expected`
        : `Phase ${p.phase} incomplete: ${plural(p.missing.length, 'date')} missing (${p.pct}%)`;
    return waiting.length ? [state, waits] : [state];
  });
  const optionalLow = phases.flatMap((p) =>
    p.tables.filter((t) => !gatingTables(p.tables).includes(t) && !t.expectedPartial && t.missing.length > 0),
  );
  if (optionalLow.length > 0)
    parts.push(`optional low: ${optionalLow.map((t) => `${t.table} ${t.pct}%`).join(', ')}`);
  if (!first) {
    return {
      verdict: 'complete',
      summary: parts.join(' · '),
      nextStep: 'Every gating table is complete for this range.',
    };
  }
  const gate = gateFor(catalog, first.phase);
  const later = phases.filter((p) => p.phase > first.phase).map((p) => p.phase);
  return {
    verdict: 'incomplete',
    summary: parts.join(' · '),
    nextStep:
      `Backfill Phase ${first.phase} (${first.name}) for ${plural(first.missing.length, 'date')}` +
      (gate !== undefined ? `, then verify Gate ${gate}` : '') +
      (later.length ? ` before Phase ${later.join(', ')}` : '') +
      '. Phase by phase, never date by date.',
  };
}
