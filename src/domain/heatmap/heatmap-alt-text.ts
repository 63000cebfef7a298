import { plural } from '../message.js';
import type { HeatmapGrid, HeatmapRow } from './heatmap-grid.js';
import { heatmapRows } from './heatmap-totals.js';

/** Slack keeps at most this many characters of an image's alt text. */
export const ALT_TEXT_MAX = 1000;

const problems = (r: HeatmapRow): string => {
  const parts = [
    r.gaps.length ? `${r.gaps.length} missing` : '',
    r.failed.length ? `${r.failed.length} failed` : '',
  ].filter(Boolean);
  return `${r.table} ${parts.join(', ')}`;
};

/** Items joined until the text would pass `room`; the rest counted ("and 3 more"). */
function fitting(items: string[], room: number, noun: string): string {
  const kept: string[] = [];
  for (const [i, item] of items.entries()) {
    const rest = items.length - i - 1;
    const tail = rest ? `; and ${rest} more ${noun}` : '';
    if ([...kept, item].join('; ').length + tail.length > room && kept.length) {
      return `${kept.join('; ')}; and ${items.length - kept.length} more ${noun}`;
    }
    kept.push(item);
  }
  return kept.join('; ');
}

/**
 * The picture in words, for people who cannot see it: the range and when it was drawn, its shape,
 * then which tables have how many gaps and failures, the expected-partial ones apart, and how many
 * are complete. Within Slack's limit, dropping table names before numbers.
 */
export function heatmapAltText(grid: HeatmapGrid, what: { label: string; drawnAt: string }): string {
  const rows = heatmapRows(grid);
  const days = grid.columns.reduce((n, c) => n + c.dates.length, 0);
  const shape =
    grid.bucket === 'day'
      ? `${plural(days, 'game day')}, one column each`
      : `${plural(days, 'game day')} in ${plural(grid.columns.length, 'weekly column')}, each showing its worst day`;
  const head =
    `Coverage heatmap of ${what.label}, ${grid.range.start} to ${grid.range.end}, drawn ${what.drawnAt}: ` +
    `${plural(rows.length, 'table')} by ${shape}.`;
  const bad = rows.filter((r) => r.gaps.length || r.failed.length);
  const partial = rows.filter((r) => r.expectedPartial && r.states['expected-partial'] > 0);
  const complete = rows.filter((r) => !bad.includes(r) && !partial.includes(r));
  const future = Math.max(0, ...rows.map((r) => r.states.future));
  const tail = [
    partial.length
      ? `Expected partial, not gaps: ${partial.map((r) => `${r.table} ${r.states['expected-partial']} days without rows`).join('; ')}.`
      : '',
    complete.length ? `Complete: ${plural(complete.length, 'table')}.` : '',
    future ? `${plural(future, 'scheduled game day')} still to come.` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const room = ALT_TEXT_MAX - head.length - tail.length - 40;
  const gaps = bad.length
    ? `Gaps or failures in ${plural(bad.length, 'table')}: ${fitting(bad.map(problems), room, 'tables')}.`
    : 'No gaps and no failed runs.';
  const text = [head, gaps, tail].filter(Boolean).join(' ');
  return text.length <= ALT_TEXT_MAX ? text : `${text.slice(0, ALT_TEXT_MAX - 1)}…`;
}
