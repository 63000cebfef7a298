import { countOf, formatCount } from './format-count.js';
import type { ReportData } from './report-data.js';

type Sections = Omit<ReportData, 'verdict'>;

/** What needs a person, one short phrase each, in the report's section order; none is all green. */
export function reportNeeds(r: Sections): string[] {
  const needs: string[] = [];
  for (const p of r.coverage.phases)
    if (p.missingTables.length > 0)
      needs.push(`Phase ${p.phase} missing ${countOf(p.missingTables.length, 'table')} for ${r.date}`);
  for (const c of r.failures.classes)
    if (c.needsPerson > 0)
      needs.push(`${formatCount(c.needsPerson)} open ${c.needsPerson === 1 ? c.class : `${c.class}s`}`);
  const below = r.playerCoverage.below.length;
  if (below > 0)
    needs.push(`player coverage below ${r.playerCoverage.alertBelowPct}% on ${countOf(below, 'date')}`);
  for (const t of r.staleRows.tables)
    if (t.rows > 0) needs.push(`${countOf(t.rows, 'stale row')} in ${t.table.split('.').at(-1)}`);
  if (r.backfills.known && r.backfills.stalled.length > 0)
    needs.push(
      `${countOf(r.backfills.stalled.length, 'backfill')} with no progress for ${r.backfills.noProgressHours} h`,
    );
  return needs;
}

export function reportVerdict(r: Sections): ReportData['verdict'] {
  const needs = reportNeeds(r);
  const line = needs.length ? `Needs a person: ${needs.join(' · ')}` : `All green for ${r.date}`;
  return { green: needs.length === 0, line, needs };
}
