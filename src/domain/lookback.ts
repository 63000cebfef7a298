import { addDays, type DateRange, type IsoDate } from './dates.js';

export interface RangePlan {
  /** Phases 2-3: the target plus the lookback window that Phase 4 reads before its first date. */
  upstream: DateRange;
  /** Phases 4-5: the target only. */
  target: DateRange;
}

/** The seeds' calculate_range: 2024-11-08..2024-11-14 with 30 days -> Phase 2-3 from 2024-10-09. */
export function planRanges(target: DateRange, lookbackDays: number): RangePlan {
  return { upstream: { start: addDays(target.start, -lookbackDays), end: target.end }, target };
}

/**
 * The downstream dates made stale by a change on `changed`: every date whose lookback window
 * (the `lookbackDays` before it) contains `changed`, plus `changed` itself.
 */
export function staleWindow(changed: IsoDate, lookbackDays: number): DateRange {
  return { start: changed, end: addDays(changed, lookbackDays) };
}
