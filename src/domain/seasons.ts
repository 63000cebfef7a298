import type { CatalogSeason } from '../config/catalog-schema.js';
import { addDays, type DateRange, type IsoDate, inRange, minDate } from './dates.js';

export function findSeason(seasons: CatalogSeason[], id: string): CatalogSeason | undefined {
  return seasons.find((s) => s.id === id);
}

export function seasonContaining(seasons: CatalogSeason[], date: IsoDate): CatalogSeason | undefined {
  return seasons.find((s) => inRange(date, s));
}

/**
 * The season running on `today`; in the off-season, the one that ended last, because that is the
 * season an operator still backfills and checks until the next opening night.
 */
export function currentSeason(seasons: CatalogSeason[], today: IsoDate): CatalogSeason | undefined {
  const running = seasonContaining(seasons, today);
  if (running) return running;
  let latest: CatalogSeason | undefined;
  for (const s of seasons) if (s.start < today && (!latest || s.start > latest.start)) latest = s;
  return latest;
}

/** The first N calendar days of a season (N from the season, else the catalog default); null when N is 0. */
export function bootstrapRange(season: CatalogSeason, defaultDays: number): DateRange | null {
  const days = season.bootstrapDays ?? defaultDays;
  if (days <= 0) return null;
  // A season shorter than its bootstrap window (only in a hand-made catalog) keeps its own end.
  return { start: season.start, end: minDate(addDays(season.start, days - 1), season.end) };
}

/** The given dates that fall in some season's bootstrap window: no Phase 4 rows expected there. */
export function bootstrapDates(
  dates: IsoDate[],
  seasons: CatalogSeason[],
  defaultDays: number,
): Set<IsoDate> {
  const windows = seasons.flatMap((s) => bootstrapRange(s, defaultDays) ?? []);
  return new Set(dates.filter((d) => windows.some((w) => inRange(d, w))));
}
