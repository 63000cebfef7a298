import { plural } from '../message.js';
import type { HeatmapGrid, HeatmapRow } from './heatmap-grid.js';

/** What the heatmap adds up to: the verdict line, the alt text and `--json` read these. */
export interface HeatmapTotals {
  tables: number;
  tablesWithGaps: number;
  /** Distinct dates on which some table drawn has a gap. */
  gapDates: number;
  tablesWithFailures: number;
  /** Distinct dates on which some table drawn has an open failure. */
  failedDates: number;
}

export const heatmapRows = (grid: HeatmapGrid): HeatmapRow[] => grid.groups.flatMap((g) => g.rows);

export function heatmapTotals(grid: HeatmapGrid): HeatmapTotals {
  const rows = heatmapRows(grid);
  return {
    tables: rows.length,
    tablesWithGaps: rows.filter((r) => r.gaps.length > 0).length,
    gapDates: new Set(rows.flatMap((r) => r.gaps)).size,
    tablesWithFailures: rows.filter((r) => r.failed.length > 0).length,
    failedDates: new Set(rows.flatMap((r) => r.failed)).size,
  };
}

/** "Coverage heatmap: 3 tables with gaps · 12 failed dates", or that there are none. */
export function heatmapVerdict(totals: HeatmapTotals): string {
  const gaps = totals.tablesWithGaps ? `${plural(totals.tablesWithGaps, 'table')} with gaps` : 'no gaps';
  const failed = totals.failedDates ? plural(totals.failedDates, 'failed date') : 'no failed dates';
  return `Coverage heatmap: ${gaps} · ${failed}`;
}
