import { CELL_STATES, type CellState } from '../../domain/heatmap/cell-state.js';
import { seasonSpans } from '../../domain/heatmap/heatmap-columns.js';
import type { HeatmapGrid, HeatmapRow } from '../../domain/heatmap/heatmap-grid.js';
import { PALETTE } from './palette.js';
import { textWidth } from './text-width.js';

/** The words around the grid. */
export interface HeatmapCaption {
  title: string;
  subtitle: string;
  note: string;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LaidRow {
  row: HeatmapRow;
  /** Top of the row's cells. */
  y: number;
  label: string;
  /** Optional and expected-partial tables: their labels are quieter. */
  muted: boolean;
}

export interface HeatmapLayout {
  width: number;
  height: number;
  caption: HeatmapCaption;
  titleY: number;
  subtitleY: number;
  /** Where the cells start, and the x of each column's left edge. */
  gridLeft: number;
  gridTop: number;
  gridBottom: number;
  columnX: number[];
  cellWidth: number;
  cellHeight: number;
  /** A season's label over its first column, and the boundary line before it (none before the first). */
  seasons: { label: string; x: number; labelY: number; boundaryX: number | null }[];
  groups: { text: string; y: number; rows: LaidRow[] }[];
  months: { x: number; label: string | null }[];
  monthY: number;
  legend: { state: CellState; label: string; x: number; y: number }[];
  swatch: number;
  noteY: number;
}

export const FONT_SIZE = { title: 18, subtitle: 12, label: 12, small: 11 };
const PAD = 16;
const TITLE_Y = 28;
const SUBTITLE_Y = 48;
const SEASON_Y = 72;
const GRID_TOP = 82;
const PHASE_HEADER = 20;
const ROW_HEIGHT = 13;
const ROW_PITCH = 16;
const SEASON_GAP = 6;
const PLOT_TARGET = 980;
const MIN_WIDTH = 820;
const SWATCH = 12;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const clamp = (n: number, low: number, high: number) => Math.min(high, Math.max(low, n));

export const rowLabel = (row: HeatmapRow): string =>
  `${row.table}${row.expectedPartial ? ' · partial' : row.critical ? '' : ' · optional'}`;

/** Every position the SVG draws at: computed once, so tests can find a cell's pixels from it too. */
export function heatmapLayout(grid: HeatmapGrid, caption: HeatmapCaption): HeatmapLayout {
  const rows = grid.groups.flatMap((g) => g.rows);
  // Whole pixels everywhere cells are drawn: edges and the failed hatch stay crisp, not blended.
  const labelWidth = Math.ceil(
    clamp(Math.max(0, ...rows.map((r) => textWidth(rowLabel(r), FONT_SIZE.label))) + 12, 120, 340),
  );
  const gridLeft = PAD + labelWidth;
  const n = grid.columns.length;
  const cellWidth = clamp(Math.floor(PLOT_TARGET / Math.max(1, n)), 3, 18);
  const spans = seasonSpans(grid.columns);
  const columnX: number[] = [];
  spans.forEach((span, s) => {
    for (let i = span.first; i <= span.last; i++) columnX[i] = gridLeft + i * cellWidth + s * SEASON_GAP;
  });
  const plotRight = (columnX[n - 1] ?? gridLeft) + (n ? cellWidth : 0);
  const width = Math.ceil(
    Math.max(
      MIN_WIDTH,
      plotRight + PAD,
      textWidth(caption.title, FONT_SIZE.title, true) + 2 * PAD,
      textWidth(caption.subtitle, FONT_SIZE.subtitle) + 2 * PAD,
    ),
  );

  let y = GRID_TOP;
  const groups = grid.groups.map((g) => {
    const top = y;
    y += PHASE_HEADER;
    const laid = g.rows.map((row) => {
      const at = y;
      y += ROW_PITCH;
      return { row, y: at, label: rowLabel(row), muted: !row.critical || row.expectedPartial };
    });
    return { text: `Phase ${g.phase} · ${g.name}`, y: top, rows: laid };
  });
  const gridBottom = y;

  let seasonEnd = -Infinity;
  const seasons = spans.flatMap((span, s) => {
    const x = columnX[span.first] ?? gridLeft;
    const label = span.season ?? 'outside the seasons';
    const fits = x >= seasonEnd + 6;
    if (fits) seasonEnd = x + textWidth(label, FONT_SIZE.small);
    return [
      { label: fits ? label : '', x, labelY: SEASON_Y, boundaryX: s === 0 ? null : x - SEASON_GAP / 2 },
    ];
  });

  let monthEnd = -Infinity;
  const months = grid.columns.flatMap((column, i) => {
    const previous = grid.columns[i - 1];
    if (previous && previous.start.slice(0, 7) === column.start.slice(0, 7)) return [];
    const [year, month] = [column.start.slice(0, 4), Number(column.start.slice(5, 7))];
    const x = columnX[i] ?? gridLeft;
    // The year on January only: the season labels above say the rest.
    const text = `${MONTHS[month - 1]}${month === 1 ? ` ${year}` : ''}`;
    // A label is left out where it would run into the one before it or past the picture's edge.
    const fits = x >= monthEnd + 6 && x + textWidth(text, FONT_SIZE.small) <= width - 4;
    if (fits) monthEnd = x + textWidth(text, FONT_SIZE.small);
    return [{ x, label: fits ? text : null }];
  });
  const monthY = gridBottom + 16;

  let legendX = PAD;
  let legendY = gridBottom + 34;
  const legend = CELL_STATES.map((state) => {
    const label = PALETTE[state].label;
    const itemWidth = SWATCH + 6 + textWidth(label, FONT_SIZE.small) + 18;
    if (legendX + itemWidth > width - PAD && legendX > PAD) {
      legendX = PAD;
      legendY += 20;
    }
    const item = { state, label, x: legendX, y: legendY };
    legendX += itemWidth;
    return item;
  });
  const noteY = legendY + SWATCH + 20;
  return {
    width,
    height: noteY + PAD,
    caption,
    titleY: TITLE_Y,
    subtitleY: SUBTITLE_Y,
    gridLeft,
    gridTop: GRID_TOP,
    gridBottom,
    columnX,
    cellWidth,
    cellHeight: ROW_HEIGHT,
    seasons,
    groups,
    months,
    monthY,
    legend,
    swatch: SWATCH,
    noteY,
  };
}

/** Where a table's cell of a column is drawn (rows counted across phases, in drawing order). */
export function cellBox(layout: HeatmapLayout, rowIndex: number, column: number): Box {
  const row = layout.groups.flatMap((g) => g.rows)[rowIndex];
  const x = layout.columnX[column];
  if (!row || x === undefined) throw new RangeError(`no cell at row ${rowIndex}, column ${column}`);
  return { x, y: row.y, width: layout.cellWidth, height: layout.cellHeight };
}
