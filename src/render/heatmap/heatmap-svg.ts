import type { CellState } from '../../domain/heatmap/cell-state.js';
import { FONT_SIZE, type HeatmapLayout, type LaidRow } from './heatmap-layout.js';
import { INK, PALETTE } from './palette.js';
import { element } from './svg-element.js';
import { type TextRun, textOutlines } from './text-outlines.js';

const HATCH_ID = 'failed-hatch';

const fillOf = (state: CellState): string =>
  PALETTE[state].hatch ? `url(#${HATCH_ID})` : PALETTE[state].fill;

/**
 * Vermillion with light diagonal stripes, so failed stays apart from every other state without
 * colour. A 4 px tile with one stripe pixel per row, on whole pixels: crisp, never blended.
 */
function hatch(): string {
  const { fill, hatch: stripe = '#FFFFFF' } = PALETTE.failed;
  const pixels = [0, 1, 2, 3].map((i) =>
    element('rect', { x: 3 - i, y: i, width: 1, height: 1, fill: stripe, 'fill-opacity': 0.6 }),
  );
  return element(
    'pattern',
    { id: HATCH_ID, patternUnits: 'userSpaceOnUse', width: 4, height: 4 },
    element('rect', { width: 4, height: 4, fill }),
    ...pixels,
  );
}

/**
 * One row's cells. Narrow cells touch, so runs of one state in a season are drawn as one rectangle
 * (a few hundred elements instead of thousands); cells 8 px and wider keep a 1 px gap between them.
 */
function rowCells(layout: HeatmapLayout, laid: LaidRow): string {
  const { columnX, cellWidth, cellHeight } = layout;
  const gap = cellWidth >= 8 ? 1 : 0;
  const out: string[] = [];
  const cells = laid.row.cells;
  for (let i = 0; i < cells.length; ) {
    const state = cells[i] as CellState;
    let j = i + 1;
    // A run stops at a season boundary: the next column is not adjacent.
    while (
      gap === 0 &&
      j < cells.length &&
      cells[j] === state &&
      (columnX[j] ?? 0) === (columnX[j - 1] ?? 0) + cellWidth
    )
      j++;
    const x = columnX[i] ?? 0;
    out.push(
      element('rect', {
        x,
        y: laid.y,
        width: (columnX[j - 1] ?? x) - x + cellWidth - gap,
        height: cellHeight,
        fill: fillOf(state),
      }),
    );
    i = j;
  }
  return out.join('');
}

interface PlacedText extends TextRun {
  x: number;
  y: number;
  fill: string;
}

/** Words as the outlines resvg shaped for them with our font, placed and coloured. */
function drawTexts(texts: PlacedText[]): string {
  const outlines = textOutlines(texts);
  return texts
    .map((t, i) =>
      element('path', { d: outlines[i] ?? '', transform: `translate(${t.x} ${t.y})`, fill: t.fill }),
    )
    .join('');
}

/** The heatmap as an SVG document: one font family, sizes and places from the layout. */
export function heatmapSvg(layout: HeatmapLayout): string {
  const { width, height, caption, gridLeft } = layout;
  const texts: PlacedText[] = [];
  const text = (
    x: number,
    y: number,
    words: string,
    style: { size?: number; bold?: boolean; anchor?: 'start' | 'end'; fill?: string } = {},
  ) =>
    texts.push({
      x,
      y,
      text: words,
      size: style.size ?? FONT_SIZE.small,
      bold: style.bold ?? false,
      anchor: style.anchor ?? 'start',
      fill: style.fill ?? INK.text,
    });
  const parts: string[] = [
    element('defs', {}, hatch()),
    element('rect', { width, height, fill: INK.background }),
  ];
  text(16, layout.titleY, caption.title, { size: FONT_SIZE.title, bold: true });
  text(16, layout.subtitleY, caption.subtitle, { size: FONT_SIZE.subtitle, fill: INK.muted });
  for (const season of layout.seasons) {
    if (season.label) text(season.x, season.labelY, season.label, { bold: true });
    if (season.boundaryX !== null) {
      parts.push(
        element('line', {
          x1: season.boundaryX,
          x2: season.boundaryX,
          y1: season.labelY - 12,
          y2: layout.gridBottom,
          stroke: INK.boundary,
          'stroke-width': 2,
          'stroke-dasharray': '3 2',
        }),
      );
    }
  }
  for (const group of layout.groups) {
    text(16, group.y + 14, group.text, { size: FONT_SIZE.label, bold: true });
    for (const laid of group.rows) {
      text(gridLeft - 8, laid.y + layout.cellHeight - 2, laid.label, {
        size: FONT_SIZE.label,
        anchor: 'end',
        fill: laid.muted ? INK.muted : INK.text,
      });
      parts.push(rowCells(layout, laid));
    }
  }
  for (const month of layout.months) {
    parts.push(
      element('line', {
        x1: month.x,
        x2: month.x,
        y1: layout.gridBottom,
        y2: layout.gridBottom + 4,
        stroke: INK.muted,
      }),
    );
    if (month.label) text(month.x, layout.monthY, month.label, { fill: INK.muted });
  }
  for (const item of layout.legend) {
    parts.push(
      element('rect', {
        x: item.x,
        y: item.y,
        width: layout.swatch,
        height: layout.swatch,
        fill: fillOf(item.state),
        stroke: '#8C8C8C',
        'stroke-width': 0.5,
      }),
    );
    text(item.x + layout.swatch + 6, item.y + layout.swatch - 1, item.label);
  }
  text(16, layout.noteY, caption.note, { fill: INK.muted });
  parts.push(drawTexts(texts));
  return element(
    'svg',
    { xmlns: 'http://www.w3.org/2000/svg', width, height, viewBox: `0 0 ${width} ${height}` },
    ...parts,
  );
}
