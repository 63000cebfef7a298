import type { Block, Message } from '../domain/message.js';
import { countOf } from './format-count.js';
import type { ReportData } from './report-data.js';
import {
  backfillsSection,
  coverageSection,
  failuresSection,
  playerCoverageSection,
  staleRowsSection,
} from './report-sections.js';

/** The context line: which day, when it ran, which warehouse, what it cost. */
function context(r: ReportData): string {
  const q = r.query;
  const trips = `${countOf(q.roundTrips, 'round trip')} (${countOf(q.queries, 'query', 'queries')})`;
  return `report ${r.date} · run ${r.generatedAt} · ${q.warehouse} · ${trips} · ${Math.round(q.millis)} ms`;
}

/** The one line under an all-green verdict: each section's good news. */
function greenSummary(r: ReportData): string {
  const backfills = r.backfills.known
    ? r.backfills.inProgress
      ? `${countOf(r.backfills.inProgress, 'backfill')} moving`
      : 'no backfill in progress'
    : 'backfill progress unknown (no state store)';
  return [
    r.coverage.expectedDates ? `every gating table present for ${r.date}` : `no final games on ${r.date}`,
    r.failures.runs
      ? `${countOf(r.failures.runs, 'failed run')}, none open`
      : `no failed runs in ${r.failures.hours} h`,
    `player coverage at or above ${r.playerCoverage.alertBelowPct}% for ${r.playerCoverage.range.start}..${r.playerCoverage.range.end}`,
    'no stale rows',
    backfills,
  ].join(' · ');
}

/** The report as our message model: the verdict first; an all-green day is three lines. */
export function reportMessage(r: ReportData): Message {
  const tone = r.verdict.green ? 'good' : 'bad';
  const verdict: Block = { kind: 'text', text: r.verdict.line, tone };
  const summary = `Daily report ${r.date}: ${r.verdict.line}`;
  if (r.verdict.green)
    return {
      summary,
      tone,
      blocks: [verdict, { kind: 'text', text: greenSummary(r) }, { kind: 'context', text: context(r) }],
    };
  return {
    summary,
    tone,
    blocks: [
      verdict,
      ...coverageSection(r),
      ...failuresSection(r),
      ...playerCoverageSection(r),
      ...staleRowsSection(r),
      ...backfillsSection(r),
      { kind: 'context', text: context(r) },
    ],
  };
}
