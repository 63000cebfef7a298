import type { Catalog, CatalogTable } from '../../config/catalog-schema.js';
import { type CoverageFacts, evaluateCoverage } from '../coverage.js';
import { type DateRange, type IsoDate, inRange } from '../dates.js';
import { type CellState, noStates, type StateCounts, worstState } from './cell-state.js';
import { type ColumnBucket, type HeatmapColumn, heatmapColumns } from './heatmap-columns.js';

/** One table's row: a state per column, and what its game days add up to. */
export interface HeatmapRow {
  dataset: string;
  table: string;
  phase: number;
  critical: boolean;
  expectedPartial: boolean;
  /** One per column: the worst state of the column's dates. */
  cells: CellState[];
  /** Each game day once, by its own state. */
  states: StateCounts;
  /** Past expected dates without rows, bootstrap days and expected-partial tables aside: as gaps lists them. */
  gaps: IsoDate[];
  /** Dates with an open failure of the table's processor (drawn failed, with or without rows). */
  failed: IsoDate[];
}

export interface HeatmapGroup {
  phase: number;
  name: string;
  rows: HeatmapRow[];
}

/** What the heatmap draws: rows of tables grouped by phase, columns of game days or weeks. */
export interface HeatmapGrid {
  range: DateRange;
  today: IsoDate;
  bucket: ColumnBucket;
  columns: HeatmapColumn[];
  groups: HeatmapGroup[];
}

export interface HeatmapInput {
  catalog: Catalog;
  range: DateRange;
  /** The tables drawn, in catalog order (a phase's or one table, or all). */
  tables: CatalogTable[];
  /** Coverage over the range, with the scheduled dates (future columns). */
  facts: CoverageFacts;
  /** Per processor, the dates of its open failures (openFailureDates). */
  failed: Map<string, Set<IsoDate>>;
  today: IsoDate;
}

/**
 * The heatmap's grid. Columns are the range's expected (final game) dates, plus the scheduled dates
 * after today; per table and date the state is, in this order: future (after today), failed (an open
 * failure), bootstrap (a bootstrap phase's first days), missing or expected-partial (no rows),
 * present. Coverage comes from evaluateCoverage, so these are the gaps and bootstrap days that
 * status and gaps report.
 */
export function buildHeatmapGrid(input: HeatmapInput): HeatmapGrid {
  const { catalog, range, tables, facts, failed, today } = input;
  const upcoming = (facts.scheduled ?? []).filter((d) => d > today);
  const dates = [...new Set([...facts.expected, ...upcoming])].filter((d) => inRange(d, range)).sort();
  const { bucket, columns } = heatmapColumns(dates, catalog.seasons);
  const groups = evaluateCoverage(catalog, facts, range, tables).map((phase): HeatmapGroup => {
    const bootstrap = new Set(phase.bootstrap);
    const rows = phase.tables.map((t): HeatmapRow => {
      const missing = new Set(t.missing);
      const processor = tables.find((x) => x.dataset === t.dataset && x.table === t.table)?.processor;
      const failing = (processor && failed.get(processor)) || new Set<IsoDate>();
      const stateOn = (d: IsoDate): CellState => {
        if (d > today) return 'future';
        if (failing.has(d)) return 'failed';
        if (bootstrap.has(d)) return 'bootstrap';
        if (missing.has(d)) return t.expectedPartial ? 'expected-partial' : 'missing';
        return 'present';
      };
      const byDate = dates.map(stateOn);
      const states = noStates();
      for (const state of byDate) states[state]++;
      // Columns are runs of consecutive dates, in order: walk both together.
      let next = 0;
      const cells = columns.map((c) => {
        const at = next;
        next += c.dates.length;
        return worstState(byDate.slice(at, next));
      });
      return {
        dataset: t.dataset,
        table: t.table,
        phase: t.phase,
        critical: t.critical,
        expectedPartial: t.expectedPartial,
        cells,
        states,
        gaps: t.expectedPartial ? [] : t.missing.filter((d) => d <= today),
        failed: dates.filter((_, i) => byDate[i] === 'failed'),
      };
    });
    return { phase: phase.phase, name: phase.name, rows };
  });
  return { range: { start: range.start, end: range.end }, today, bucket, columns, groups };
}
