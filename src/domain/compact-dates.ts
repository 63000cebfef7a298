import { type DateRange, daysBetween, type IsoDate } from './dates.js';

export interface DateRun {
  start: IsoDate;
  end: IsoDate;
  /** Dates in the run; with a sequence, fewer than the calendar days it spans. */
  count: number;
}

/** Index of the first element of sorted `list` greater than `value`. */
function firstAfter(list: IsoDate[], value: IsoDate): number {
  let [lo, hi] = [0, list.length];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] ?? '') <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Groups dates into runs. Without `sequence` a run is consecutive calendar days. With `sequence`
 * (the expected dates, e.g. game days) a run breaks only where an expected date between two of
 * `dates` is absent, so days without games never split a run of missing game days. With `seasons`
 * a run also breaks where one season ends or another starts, so no run spans an off-season.
 */
export function compactDates(dates: IsoDate[], sequence?: IsoDate[], seasons: DateRange[] = []): DateRun[] {
  const sorted = [...new Set(dates)].sort();
  const expected = sequence ? [...sequence].sort() : undefined;
  const runs: DateRun[] = [];
  let run: DateRun | undefined;
  for (const date of sorted) {
    if (run && continues(run.end, date, expected) && !crossesSeasonEdge(run.end, date, seasons)) {
      run.end = date;
      run.count++;
    } else {
      run = { start: date, end: date, count: 1 };
      runs.push(run);
    }
  }
  return runs;
}

function continues(previous: IsoDate, next: IsoDate, expected: IsoDate[] | undefined): boolean {
  if (daysBetween(previous, next) === 1) return true;
  if (!expected) return false;
  const between = expected[firstAfter(expected, previous)];
  return between === undefined || between >= next;
}

/** Whether a season starts after `previous` up to `next`, or ends from `previous` to before `next`. */
function crossesSeasonEdge(previous: IsoDate, next: IsoDate, seasons: DateRange[]): boolean {
  return seasons.some((s) => (previous < s.start && s.start <= next) || (previous <= s.end && s.end < next));
}

/** `2021-11-02..2021-11-09 (8), 2022-01-14`; past `maxRuns` runs, `, … +N more` counts the runs left out. */
export function formatRuns(runs: DateRun[], maxRuns = Number.POSITIVE_INFINITY): string {
  if (runs.length === 0) return 'none';
  const shown = runs.slice(0, Math.max(0, maxRuns));
  const parts = shown.map((r) => (r.start === r.end ? r.start : `${r.start}..${r.end} (${r.count})`));
  const hidden = runs.length - shown.length;
  if (hidden > 0) parts.push(`… +${hidden} more`);
  return parts.join(', ');
}
