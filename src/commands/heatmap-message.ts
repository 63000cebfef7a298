import type { CatalogTarget } from '../domain/catalog-target.js';
import type { HeatmapGrid } from '../domain/heatmap/heatmap-grid.js';
import { type HeatmapTotals, heatmapRows, heatmapVerdict } from '../domain/heatmap/heatmap-totals.js';
import type { RerunGaps } from '../domain/heatmap/rerun-gaps.js';
import {
  type Action,
  type Block,
  BREAK,
  followUp,
  type Message,
  plural,
  type Span,
  strong,
} from '../domain/message.js';
import type { NamedRange } from '../domain/range-parser.js';
import { rangeArg } from './status.js';

/** Tables with gaps listed in the message; the picture and `--json` have them all. */
const LISTED = 8;

/** The one word the grammar takes for a target: a phase's id or a table's name. */
export const targetWord = (target: CatalogTarget | null): string | null => {
  if (!target) return null;
  if (target.kind === 'phase') return String(target.phase.id);
  return target.kind === 'table' ? target.table.table : target.processor;
};

const queryLine = (range: NamedRange, query: { warehouse: string; queries: number; millis: number }) =>
  `${range.start}..${range.end} · ${query.warehouse} · ${query.queries === 1 ? '1 query' : `${query.queries} queries side by side`} · ${Math.round(query.millis)} ms`;

/** Re-run gaps first (the picture's own question), then the views that list the same dates. */
function actions(range: NamedRange, target: CatalogTarget | null, rerun: RerunGaps | null): Action[] {
  const word = targetWord(target);
  const scope = `${rangeArg(range)}${word ? ` ${word}` : ''}`;
  return [
    ...(rerun ? [followUp(rerun.label, rerun.words, 'primary')] : []),
    followUp('Show gaps', `gaps ${scope}`),
    followUp('Failures', `failures ${scope}`),
    followUp('Status', `status ${rangeArg(range)}`),
  ];
}

export interface HeatmapMessageInput {
  range: NamedRange;
  target: CatalogTarget | null;
  grid: HeatmapGrid;
  totals: HeatmapTotals;
  rerun: RerunGaps | null;
  query: { warehouse: string; queries: number; millis: number };
}

/**
 * The words beside the picture: the verdict line first, the tables with gaps or failures (phase,
 * counts), what the columns are, and Re-run gaps. The picture itself travels as a file.
 */
export function heatmapMessage(input: HeatmapMessageInput): Message {
  const { range, target, grid, totals, rerun, query } = input;
  const verdict = heatmapVerdict(totals);
  const tone = totals.failedDates ? 'bad' : totals.tablesWithGaps ? 'warn' : 'good';
  const rows = heatmapRows(grid);
  const bad = rows.filter((r) => r.gaps.length || r.failed.length);
  const lines: Span[] = bad
    .slice(0, LISTED)
    .flatMap((r, i) => [
      ...(i ? [BREAK] : []),
      `Phase ${r.phase} · `,
      strong(r.table),
      ` · ${[
        r.gaps.length ? `${r.gaps.length} missing` : '',
        r.failed.length ? `${r.failed.length} failed` : '',
      ]
        .filter(Boolean)
        .join(', ')}`,
    ]);
  if (bad.length > LISTED) lines.push(BREAK, `and ${plural(bad.length - LISTED, 'more table')}`);
  const partial = rows.filter((r) => r.expectedPartial && r.states['expected-partial'] > 0);
  const days = grid.columns.reduce((n, c) => n + c.dates.length, 0);
  const shape =
    grid.bucket === 'day'
      ? `${plural(rows.length, 'table')} × ${plural(days, 'game day')}, a column each`
      : `${plural(rows.length, 'table')} × ${plural(grid.columns.length, 'week')} (${plural(days, 'game day')}), each week showing its worst day`;
  const blocks: Block[] = [
    { kind: 'header', text: `Coverage heatmap · ${range.label}${target ? ` · ${describe(target)}` : ''}` },
    { kind: 'text', text: [strong(verdict)], tone },
    ...(lines.length ? [{ kind: 'text' as const, text: lines }] : []),
    { kind: 'context', text: `The picture: ${shape}.` },
    ...(partial.length
      ? [
          {
            kind: 'context' as const,
            text: `Expected partial, not gaps: ${partial.map((r) => `${r.table} ${r.states.present}/${days - r.states.future} days with rows`).join(', ')}`,
          },
        ]
      : []),
    { kind: 'context', text: queryLine(range, query) },
    { kind: 'actions', actions: actions(range, target, rerun) },
  ];
  return { summary: `${range.label}: ${verdict}`, tone, blocks };
}

const describe = (target: CatalogTarget): string =>
  target.kind === 'phase'
    ? `phase ${target.phase.id}`
    : target.kind === 'table'
      ? target.table.table
      : target.processor;

/** A range without any game, played or scheduled: nothing to draw, said as an answer. */
export function nothingToDrawMessage(
  range: NamedRange,
  query: { warehouse: string; queries: number; millis: number },
): Message {
  const verdict = 'Coverage heatmap: nothing to draw, no final or scheduled games in this range.';
  return {
    summary: `${range.label}: ${verdict}`,
    tone: 'neutral',
    blocks: [
      { kind: 'header', text: `Coverage heatmap · ${range.label}` },
      { kind: 'text', text: [strong(verdict)], tone: 'neutral' },
      { kind: 'context', text: queryLine(range, query) },
      { kind: 'actions', actions: [followUp('Status', `status ${rangeArg(range)}`)] },
    ],
  };
}
