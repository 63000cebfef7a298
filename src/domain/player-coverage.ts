import type { IsoDate } from './dates.js';

/** One date of player-level coverage: players the precompute wrote vs players who played. */
export interface PlayerCoverageDay {
  date: IsoDate;
  expected: number;
  actual: number;
  pct: number;
}

/** Dates under the alert threshold (the seeds alert below 90%). */
export const belowThreshold = (days: PlayerCoverageDay[], minPct: number): PlayerCoverageDay[] =>
  days.filter((d) => d.pct < minPct);
