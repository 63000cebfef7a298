import type { CatalogTable } from '../../config/catalog-schema.js';
import { tableKey } from '../coverage.js';
import type { IsoDate } from '../dates.js';
import { planRanges } from '../lookback.js';
import { blockingTables } from './blocking-tables.js';
import { addDate, datesOf, hasDate, type ProcessorDates } from './processor-dates.js';
import { readsLookback } from './reads-lookback.js';
import type { RerunCalendar } from './rerun-calendar.js';
import type { ChainLink, RerunChain } from './rerun-chain.js';
import type { MissingUpstream } from './rerun-plan.js';

interface Context {
  chain: RerunChain;
  calendar: RerunCalendar;
  lookbackDays: number;
  /** Every catalog table, in catalog order (the order missing tables are reported in). */
  tables: CatalogTable[];
  /** Present dates per tableKey(). */
  present: Map<string, IsoDate[]>;
}

interface Need {
  tables: CatalogTable[];
  dates: IsoDate[];
}

/**
 * What a processor-date of `link` reads: the upstream phase's blocking tables on the date or, across
 * the lookback boundary, on the upstream phase's expected dates in [date - lookbackDays, date]; and,
 * past a phase's first stage, the previous stage's blocking tables on the date.
 */
function needs({ chain, calendar, lookbackDays }: Context, link: ChainLink, date: IsoDate): Need[] {
  const result: Need[] = [];
  const upstream = chain.previousPhase(link.phase);
  if (upstream) {
    const dates = readsLookback(upstream, link.phase)
      ? calendar.expectedIn(upstream, planRanges({ start: date, end: date }, lookbackDays).upstream)
      : calendar.skipReason(upstream, date) === null
        ? [date]
        : [];
    const tables = blockingTables(chain.phaseLinks(upstream).flatMap((l) => l.tables));
    result.push({ tables, dates });
  }
  const previous = chain.phaseLinks(link.phase).findLast((l) => l.position < link.position);
  if (previous) result.push({ tables: blockingTables(previous.tables), dates: [date] });
  return result;
}

/**
 * Upstream data the planned processor-dates read and will not find: neither present in the facts
 * nor written earlier in the same plan. One entry per table, in catalog order.
 */
export function missingUpstream(context: Context, planned: ProcessorDates): MissingUpstream[] {
  const { chain, present } = context;
  const presentSets = new Map([...present].map(([key, dates]) => [key, new Set(dates)]));
  const missing = new Map<string, { dates: Set<IsoDate>; neededBy: ProcessorDates }>();
  const written = (t: CatalogTable, d: IsoDate, link: ChainLink): boolean =>
    (presentSets.get(tableKey(t))?.has(d) ?? false) ||
    (hasDate(planned, t.processor, d) && chain.linkOf(t.processor).position < link.position);

  // Processors of one link read the same data: work out each link-date's gaps once.
  const gaps = new Map<string, [CatalogTable, IsoDate][]>();
  const gapsOf = (link: ChainLink, date: IsoDate): [CatalogTable, IsoDate][] => {
    const key = `${link.position}:${date}`;
    const known = gaps.get(key);
    if (known) return known;
    const found = needs(context, link, date).flatMap(({ tables, dates }) =>
      tables.flatMap((t) =>
        dates.filter((d) => !written(t, d, link)).map((d): [CatalogTable, IsoDate] => [t, d]),
      ),
    );
    gaps.set(key, found);
    return found;
  };

  for (const link of chain.links)
    for (const processor of link.processors)
      for (const date of datesOf(planned, processor))
        for (const [table, d] of gapsOf(link, date)) {
          const entry = missing.get(tableKey(table)) ?? { dates: new Set(), neededBy: new Map() };
          missing.set(tableKey(table), entry);
          entry.dates.add(d);
          addDate(entry.neededBy, processor, date);
        }

  return context.tables.flatMap((t) => {
    const entry = missing.get(tableKey(t));
    if (!entry) return [];
    const neededBy = Object.fromEntries(
      [...entry.neededBy.keys()].map((p) => [p, datesOf(entry.neededBy, p)]),
    );
    return [{ table: tableKey(t), dates: [...entry.dates].sort(), neededBy }];
  });
}
