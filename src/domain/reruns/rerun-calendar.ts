import type { Catalog, CatalogPhase } from '../../config/catalog-schema.js';
import type { DateRange, IsoDate } from '../dates.js';
import { bootstrapDates } from '../seasons.js';

export type SkipReason = 'no-game' | 'bootstrap';

/** Which dates a phase's processors run on, from the expected dates of the facts. */
export interface RerunCalendar {
  /** Why a processor of the phase does not run on the date, or null when it does. */
  skipReason(phase: CatalogPhase, date: IsoDate): SkipReason | null;
  /** The phase's expected dates, ascending: final-game dates, bootstrap days aside for a bootstrap phase. */
  expectedFor(phase: CatalogPhase): IsoDate[];
  /** The phase's expected dates within a range, ascending. */
  expectedIn(phase: CatalogPhase, range: DateRange): IsoDate[];
}

/** Index of the first element of ascending `dates` that is >= `value` (or > it, with `after`). */
function bound(dates: IsoDate[], value: IsoDate, after: boolean): number {
  let [lo, hi] = [0, dates.length];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const d = dates[mid] ?? '';
    if (d < value || (after && d === value)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function rerunCalendar(catalog: Catalog, expected: IsoDate[]): RerunCalendar {
  const games = [...new Set(expected)].sort();
  const isGame = new Set(games);
  const bootstrap = bootstrapDates(games, catalog.seasons, catalog.bootstrapDays);
  const afterBootstrap = games.filter((d) => !bootstrap.has(d));
  const expectedFor = (phase: CatalogPhase): IsoDate[] => (phase.bootstrap ? afterBootstrap : games);
  return {
    skipReason(phase, date) {
      if (!isGame.has(date)) return 'no-game';
      return phase.bootstrap && bootstrap.has(date) ? 'bootstrap' : null;
    },
    expectedFor,
    expectedIn(phase, range) {
      const dates = expectedFor(phase);
      return dates.slice(bound(dates, range.start, false), bound(dates, range.end, true));
    },
  };
}
