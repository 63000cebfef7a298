import { compactDates, formatRuns } from '../domain/compact-dates.js';
import type { PhaseCoverage, TableCoverage } from '../domain/coverage.js';
import type { Bar, Tone } from '../domain/message.js';

function tableTone(t: TableCoverage): Tone {
  if (t.missing.length === 0) return 'good';
  if (t.expectedPartial) return 'neutral';
  if (!t.critical) return 'warn';
  return t.pct < 95 ? 'bad' : 'warn';
}

export const phaseTone = (p: PhaseCoverage): Tone =>
  p.missing.length === 0 ? 'good' : p.complete === 0 || p.pct < 95 ? 'bad' : 'warn';

function tableNote(t: TableCoverage): string | undefined {
  const notes = [!t.critical && !t.expectedPartial && 'optional', t.expectedPartial && 'expected partial'];
  const text = notes.filter(Boolean).join(', ');
  return text || undefined;
}

/** A bar per phase (dates where every gating table is present) with its tables nested under it. */
export function coverageBars(phases: PhaseCoverage[]): Bar[] {
  return phases.flatMap((p) => [
    {
      label: `Phase ${p.phase} ${p.name}`,
      done: p.complete,
      total: p.expected,
      tone: phaseTone(p),
      note: p.bootstrap.length
        ? `${p.bootstrap.length} bootstrap day${p.bootstrap.length === 1 ? '' : 's'} excluded: ${formatRuns(compactDates(p.bootstrap), 2).replace(/ \(\d+\)/g, '')}`
        : undefined,
    },
    ...p.tables.map((t) => ({
      label: t.table,
      done: t.present,
      total: t.expected,
      tone: tableTone(t),
      note: tableNote(t),
      nested: true,
    })),
  ]);
}
