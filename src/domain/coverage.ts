import type { Catalog, CatalogTable } from '../config/catalog-schema.js';
import { type DateRange, type IsoDate, inRange } from './dates.js';
import { bootstrapDates } from './seasons.js';

/** What the warehouse reports: expected (final game) dates and each table's present dates. */
export interface CoverageFacts {
  expected: IsoDate[];
  /** Keyed by tableKey(); dates sorted ascending. */
  present: Map<string, IsoDate[]>;
  /** Dates with a game not final yet (scheduled), ascending; only when the reader asked for them. */
  scheduled?: IsoDate[];
}

export const tableKey = (t: Pick<CatalogTable, 'dataset' | 'table'>): string => `${t.dataset}.${t.table}`;

export interface TableCoverage {
  dataset: string;
  table: string;
  phase: number;
  dateColumn: string;
  critical: boolean;
  expectedPartial: boolean;
  expected: number;
  present: number;
  pct: number;
  missing: IsoDate[];
  /** Expected dates inside a season's bootstrap window: not expected for this table. */
  bootstrap: IsoDate[];
}

export interface PhaseCoverage {
  phase: number;
  name: string;
  /** Expected dates for the phase (bootstrap excluded where the phase has bootstrap). */
  expected: number;
  /** Dates on which every gating table (critical, not expected-partial) is present. */
  complete: number;
  pct: number;
  missing: IsoDate[];
  bootstrap: IsoDate[];
  tables: TableCoverage[];
}

/** Percent to one decimal, rounded like the seeds' ROUND(x * 100.0 / n, 1); nothing expected is 100%. */
export const pct = (part: number, whole: number): number =>
  whole === 0 ? 100 : Math.round((part * 1000) / whole) / 10;

/** Tables whose gaps block a phase: critical ones that are not expected to be partial. */
export const gatingTables = (tables: TableCoverage[]): TableCoverage[] => {
  const critical = tables.filter((t) => t.critical && !t.expectedPartial);
  return critical.length > 0 ? critical : tables.filter((t) => !t.expectedPartial);
};

/** Coverage per phase and table over a range (facts may span a larger range: they are sliced). */
export function evaluateCoverage(
  catalog: Catalog,
  facts: CoverageFacts,
  range: DateRange,
  tables: CatalogTable[] = catalog.tables,
): PhaseCoverage[] {
  const expected = facts.expected.filter((d) => inRange(d, range));
  const inBootstrap = bootstrapDates(expected, catalog.seasons, catalog.bootstrapDays);
  return catalog.phases
    .filter((phase) => tables.some((t) => t.phase === phase.id))
    .map((phase) => {
      const bootstrap = phase.bootstrap ? expected.filter((d) => inBootstrap.has(d)) : [];
      const phaseExpected = phase.bootstrap ? expected.filter((d) => !inBootstrap.has(d)) : expected;
      const tableCoverage = tables
        .filter((t) => t.phase === phase.id)
        .map((t): TableCoverage => {
          const present = new Set(facts.present.get(tableKey(t)) ?? []);
          const missing = phaseExpected.filter((d) => !present.has(d));
          const presentCount = phaseExpected.length - missing.length;
          return {
            dataset: t.dataset,
            table: t.table,
            phase: t.phase,
            dateColumn: t.dateColumn,
            critical: t.critical,
            expectedPartial: t.expectedPartial,
            expected: phaseExpected.length,
            present: presentCount,
            pct: pct(presentCount, phaseExpected.length),
            missing,
            bootstrap,
          };
        });
      const gapsByDate = new Set(gatingTables(tableCoverage).flatMap((t) => t.missing));
      const missing = phaseExpected.filter((d) => gapsByDate.has(d));
      const complete = phaseExpected.length - missing.length;
      return {
        phase: phase.id,
        name: phase.name,
        expected: phaseExpected.length,
        complete,
        pct: pct(complete, phaseExpected.length),
        missing,
        bootstrap,
        tables: tableCoverage,
      };
    });
}
