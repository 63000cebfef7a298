import { type CatalogTarget, targetProcessors, targetTables } from '../domain/catalog-target.js';
import { heatmapAltText } from '../domain/heatmap/heatmap-alt-text.js';
import { seasonSpans } from '../domain/heatmap/heatmap-columns.js';
import { buildHeatmapGrid, type HeatmapGrid } from '../domain/heatmap/heatmap-grid.js';
import { heatmapRows } from '../domain/heatmap/heatmap-totals.js';
import { openFailureDates } from '../domain/heatmap/open-failures.js';
import type { FileAttachment } from '../domain/message.js';
import type { NamedRange } from '../domain/range-parser.js';
import { drawHeatmap } from '../render/heatmap/draw-heatmap.js';
import type { HeatmapCaption, HeatmapLayout } from '../render/heatmap/heatmap-layout.js';
import type { Png } from '../render/heatmap/heatmap-png.js';
import { type CommandPorts, today } from './command-context.js';
import { describeTarget, type RangeAndTarget } from './range-and-target.js';

export const HEATMAP_LABEL = 'heatmap';

export interface HeatmapQuery {
  warehouse: string;
  /** Side by side: one round trip's wait. */
  roundTrips: number;
  queries: number;
  millis: number;
}

/**
 * Reads what the heatmap draws: coverage with the days still to come (one query) and the open
 * failures (another), side by side, as the report reads its facts; then builds the grid.
 */
export async function readHeatmap(
  { range, target }: RangeAndTarget,
  ports: CommandPorts,
): Promise<{ grid: HeatmapGrid; query: HeatmapQuery }> {
  const { catalog, warehouse } = ports;
  const tables = targetTables(catalog, target);
  const [coverage, failed] = await Promise.all([
    warehouse.coverage(range, tables, HEATMAP_LABEL, { scheduled: true }),
    warehouse.failedRuns(range, targetProcessors(catalog, target), HEATMAP_LABEL),
  ]);
  const grid = buildHeatmapGrid({
    catalog,
    range,
    tables,
    facts: coverage.value,
    failed: openFailureDates(catalog, failed.value),
    today: today(ports),
  });
  const stats = [coverage.stats, failed.stats];
  const query = {
    warehouse: warehouse.kind,
    roundTrips: 1,
    queries: stats.reduce((n, s) => n + s.roundTrips, 0),
    millis: Math.max(...stats.map((s) => s.millis)),
  };
  return { grid, query };
}

/** How the picture says when it was drawn: to the minute, in UTC (it is read in every time zone). */
export const drawnText = (instant: Date): string =>
  `${instant.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

function caption(grid: HeatmapGrid, title: string, drawn: string): HeatmapCaption {
  const days = grid.columns.reduce((n, c) => n + c.dates.length, 0);
  const shape =
    grid.bucket === 'day'
      ? `${days} game days`
      : `${days} game days in ${grid.columns.length} weekly columns`;
  return {
    title,
    subtitle: `${grid.range.start} → ${grid.range.end} · ${heatmapRows(grid).length} tables × ${shape} · drawn ${drawn}`,
    note: [
      grid.bucket === 'day'
        ? 'One column per game day (days without games are left out).'
        : 'Each column is a week showing its worst day: failed › missing › expected partial › bootstrap › present.',
      seasonSpans(grid.columns).length > 1 ? 'Dashed lines: season boundaries.' : '',
    ]
      .filter(Boolean)
      .join(' '),
  };
}

/** The heatmap as the file a message comes with, and where its cells were drawn. */
export function drawCoverageHeatmap(
  grid: HeatmapGrid,
  range: NamedRange,
  target: CatalogTarget | null,
  drawnAt: Date,
): { file: FileAttachment; png: Png; layout: HeatmapLayout } {
  const filter = describeTarget(target);
  const title = `Coverage heatmap · ${range.label}${filter ? ` · ${filter}` : ''}`;
  const drawn = drawnText(drawnAt);
  const { png, layout } = drawHeatmap(grid, caption(grid, title, drawn));
  const file = {
    bytes: png.bytes,
    filename: `coverage-heatmap-${range.start}-to-${range.end}.png`,
    title,
    altText: heatmapAltText(grid, { label: range.label, drawnAt: drawn }),
  };
  return { file, png, layout };
}
