import { targetTables } from '../domain/catalog-target.js';
import type { StateCounts } from '../domain/heatmap/cell-state.js';
import type { ColumnBucket } from '../domain/heatmap/heatmap-columns.js';
import { type HeatmapTotals, heatmapRows, heatmapTotals } from '../domain/heatmap/heatmap-totals.js';
import { rerunGaps } from '../domain/heatmap/rerun-gaps.js';
import { defineCommand } from './command.js';
import { explainCoverage } from './explain-coverage.js';
import { heatmapMessage, nothingToDrawMessage } from './heatmap-message.js';
import { drawCoverageHeatmap, HEATMAP_LABEL, type HeatmapQuery, readHeatmap } from './heatmap-picture.js';
import { describeTarget, parseRangeAndTarget, type RangeAndTarget } from './range-and-target.js';

export interface HeatmapTableData {
  dataset: string;
  table: string;
  phase: number;
  critical: boolean;
  expectedPartial: boolean;
  /** Past expected dates without rows (as gaps counts them). */
  gaps: number;
  /** Dates with an open failure of the table's processor. */
  failed: number;
  /** Each game day once, by the state drawn for it. */
  states: StateCounts;
}

export interface HeatmapData {
  range: { start: string; end: string };
  label: string;
  filter: string | null;
  /** When it was drawn (ISO 8601, UTC): the picture's title says it too. */
  drawnAt: string;
  bucket: ColumnBucket;
  columns: number;
  gameDays: number;
  totals: HeatmapTotals;
  tables: HeatmapTableData[];
  /** The words of the Re-run gaps button, null when there is nothing to re-run. */
  rerun: string | null;
  /** The PNG's name and size (its bytes travel as the result's file); null when there was nothing to draw. */
  image: { filename: string; width: number; height: number; bytes: number } | null;
  /** Two queries side by side: one round trip's wait (as the report counts them). */
  query: HeatmapQuery;
}

const EXAMPLE = 'heatmap 2021-22 analytics';

export const heatmapCommand = defineCommand({
  name: 'heatmap',
  group: 'look',
  usage: 'heatmap [range] [phase|table]',
  summary: 'Coverage as a picture: a row per table, a column per game day (or week), failures marked.',
  example: EXAMPLE,
  parse(args, ports): RangeAndTarget {
    return parseRangeAndTarget(args, ports, ['phase', 'table'], 'heatmap', EXAMPLE);
  },
  explain: ({ range, target }, ports) =>
    explainCoverage(HEATMAP_LABEL, range, targetTables(ports.catalog, target), ports),
  async run(request: RangeAndTarget, ports) {
    const { range, target } = request;
    const { grid, query } = await readHeatmap(request, ports);
    const drawnAt = ports.clock.now();
    const totals = heatmapTotals(grid);
    const rerun = rerunGaps(grid);
    const data: HeatmapData = {
      range: { start: range.start, end: range.end },
      label: range.label,
      filter: describeTarget(target),
      drawnAt: drawnAt.toISOString(),
      bucket: grid.bucket,
      columns: grid.columns.length,
      gameDays: grid.columns.reduce((n, c) => n + c.dates.length, 0),
      totals,
      tables: heatmapRows(grid).map((r) => ({
        dataset: r.dataset,
        table: r.table,
        phase: r.phase,
        critical: r.critical,
        expectedPartial: r.expectedPartial,
        gaps: r.gaps.length,
        failed: r.failed.length,
        states: r.states,
      })),
      rerun: rerun?.words ?? null,
      image: null,
      query,
    };
    if (grid.columns.length === 0) return { data, message: nothingToDrawMessage(range, query) };
    const { file, png } = drawCoverageHeatmap(grid, range, target, drawnAt);
    data.image = { filename: file.filename, width: png.width, height: png.height, bytes: png.bytes.length };
    return { data, message: heatmapMessage({ range, target, grid, totals, rerun, query }), files: [file] };
  },
});
