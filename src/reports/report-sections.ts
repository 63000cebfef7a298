import { type Block, strong, type Tone } from '../domain/message.js';
import { countOf, formatCount } from './format-count.js';
import type { ReportData } from './report-data.js';

// One block list per report section; report-message.ts puts them in order.

const title = (text: string, rest: string, tone?: Tone): Block => ({
  kind: 'text',
  text: [strong(text), rest ? ` · ${rest}` : ''],
  ...(tone ? { tone } : {}),
});

export function coverageSection(r: ReportData): Block[] {
  const { phases, expectedDates } = r.coverage;
  if (expectedDates === 0) return [title(`Coverage ${r.date}`, 'no final games: nothing expected', 'good')];
  const missing = phases.reduce((n, p) => n + p.missingTables.length, 0);
  const rows = phases.flatMap((p) =>
    p.tables.map((t, i) => {
      const note =
        t.present >= t.expected
          ? ''
          : t.expectedPartial
            ? 'expected partial'
            : t.critical
              ? 'missing'
              : 'optional, missing';
      return [
        i === 0 ? `${p.phase} ${p.name}` : '',
        t.table,
        formatCount(t.expected),
        formatCount(t.present),
        note,
      ];
    }),
  );
  return [
    title(
      `Coverage ${r.date}`,
      missing ? `${countOf(missing, 'gating table')} missing` : 'every gating table present',
      missing ? 'bad' : 'good',
    ),
    { kind: 'table', columns: ['phase', 'table', 'expected dates', 'present', 'note'], rows },
  ];
}

export function failuresSection(r: ReportData): Block[] {
  const f = r.failures;
  const window = `started in the last ${f.hours} h`;
  if (f.runs === 0) return [title('Failures', `no failed runs ${window}`, 'good')];
  const open = f.classes.some((c) => c.needsPerson > 0);
  return [
    title(
      'Failures',
      `${countOf(f.runs, 'failed run')} ${window}: ${formatCount(f.open)} open, ${formatCount(f.resolved)} resolved`,
      open ? 'bad' : 'neutral',
    ),
    {
      kind: 'table',
      columns: ['class', 'failed runs', 'open', 'resolved'],
      rows: f.classes.map((c) => [
        c.class,
        formatCount(c.runs),
        formatCount(c.open),
        formatCount(c.resolved),
      ]),
    },
  ];
}

export function playerCoverageSection(r: ReportData): Block[] {
  const p = r.playerCoverage;
  const range = `${p.range.start}..${p.range.end}`;
  if (p.below.length === 0)
    return [
      title(
        'Player coverage',
        `no date below ${p.alertBelowPct}% in ${range} (${countOf(p.datesWithData, 'date')} with data)`,
        'good',
      ),
    ];
  return [
    title(
      'Player coverage',
      `${countOf(p.below.length, 'date')} below ${p.alertBelowPct}% in ${range}`,
      'bad',
    ),
    {
      kind: 'table',
      columns: ['date', 'expected players', 'actual', 'coverage'],
      rows: p.below.map((d) => [d.date, formatCount(d.expected), formatCount(d.actual), `${d.pct}%`]),
    },
  ];
}

export function staleRowsSection(r: ReportData): Block[] {
  const s = r.staleRows;
  if (s.tables.length === 0) return [title('Stale rows', 'no table has a staleness rule')];
  if (s.total === 0) return [title('Stale rows', `none as of ${r.today}`, 'good')];
  return [
    title('Stale rows', `${countOf(s.total, 'row')} past their tables' age limit as of ${r.today}`, 'bad'),
    {
      kind: 'table',
      columns: ['table', 'stale after', 'rows dated before', 'stale rows'],
      rows: s.tables.map((t) => [t.table, countOf(t.staleAfterDays, 'day'), t.before, formatCount(t.rows)]),
    },
  ];
}

export function backfillsSection(r: ReportData): Block[] {
  const b = r.backfills;
  if (!b.known) return [title('Backfills', `progress unknown (${b.why})`, 'neutral')];
  if (b.stalled.length === 0)
    return [
      title(
        'Backfills',
        b.inProgress ? `${countOf(b.inProgress, 'backfill')} in progress, all moving` : 'none in progress',
        'good',
      ),
    ];
  return [
    title(
      'Backfills',
      `${countOf(b.stalled.length, 'backfill')} of ${formatCount(b.inProgress)} in progress with no run for ${b.noProgressHours} h`,
      'bad',
    ),
    {
      kind: 'table',
      columns: ['request', 'asked', 'done', 'confirmed', 'last run'],
      rows: b.stalled.map((s) => [
        s.id,
        s.words,
        `${formatCount(s.doneDates)}/${formatCount(s.totalDates)}`,
        s.confirmedAt,
        s.lastRunAt ?? 'none since confirmed',
      ]),
    },
  ];
}
