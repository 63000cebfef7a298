import type { CatalogSeason } from '../../config/catalog-schema.js';
import type { IsoDate } from '../dates.js';
import { seasonContaining } from '../seasons.js';

/** One column of the heatmap: a game day, or the game days of one week of one season. */
export interface HeatmapColumn {
  /** The first and last game day in the column (a week: within Monday..Sunday). */
  start: IsoDate;
  end: IsoDate;
  dates: IsoDate[];
  /** The season the column's dates belong to; null outside every season of the catalog. */
  season: string | null;
}

export type ColumnBucket = 'day' | 'week';

/**
 * Up to this many game days get a column each; more are drawn a week per column. A whole season
 * (about 210-230 game days with the playoffs) stays a column per day; two seasons go weekly.
 */
export const DAILY_COLUMNS_UP_TO = 240;

// Weeks counted from the Monday before 1970-01-01 (a Thursday): one number per date, no Date objects.
const weekNumber = (date: IsoDate): number =>
  Math.floor((Date.parse(`${date}T00:00:00Z`) / 86_400_000 + 3) / 7);

/**
 * The columns for ascending game days: one per day up to DAILY_COLUMNS_UP_TO, else one per week.
 * A week never spans two seasons (its dates are split by season), so a season boundary is always
 * between two columns.
 */
export function heatmapColumns(
  dates: IsoDate[],
  seasons: CatalogSeason[],
): { bucket: ColumnBucket; columns: HeatmapColumn[] } {
  const seasonOf = (d: IsoDate) => seasonContaining(seasons, d)?.id ?? null;
  if (dates.length <= DAILY_COLUMNS_UP_TO) {
    return {
      bucket: 'day',
      columns: dates.map((d) => ({ start: d, end: d, dates: [d], season: seasonOf(d) })),
    };
  }
  const columns: HeatmapColumn[] = [];
  let key = '';
  for (const date of dates) {
    const season = seasonOf(date);
    const next = `${season ?? ''}|${weekNumber(date)}`;
    const last = columns.at(-1);
    if (last && next === key) {
      last.dates.push(date);
      last.end = date;
    } else {
      columns.push({ start: date, end: date, dates: [date], season });
      key = next;
    }
  }
  return { bucket: 'week', columns };
}

/** Runs of consecutive columns of one season, in order: where the heatmap marks its boundaries. */
export function seasonSpans(
  columns: HeatmapColumn[],
): { season: string | null; first: number; last: number }[] {
  const spans: { season: string | null; first: number; last: number }[] = [];
  columns.forEach((column, i) => {
    const last = spans.at(-1);
    if (last && last.season === column.season) last.last = i;
    else spans.push({ season: column.season, first: i, last: i });
  });
  return spans;
}
