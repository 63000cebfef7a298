import type { IsoDate } from '../domain/dates.js';
import { tableKey } from './demo-roles.js';
import type { DemoWorld } from './demo-world.js';
import type { PlanRecorder } from './plan-recorder.js';
import { createRng } from './prng.js';

export interface CoverageRow {
  date: IsoDate;
  expected: number;
  actual: number;
  pct: number;
  status: string;
}

// About 3% of processed dates lost players on the way (the incident the coverage alert exists for).
const LOW_SHARE = 0.03;

/** One row per date the coverage table was written, as the backfill jobs record it. */
export function planCoverage(
  world: DemoWorld,
  recorder: PlanRecorder,
  playersPerGame: number,
): CoverageRow[] {
  const rng = createRng(world.seed, 'coverage');
  const dates = [...(recorder.present.get(tableKey(world.roles.coverageTable)) ?? [])].sort();
  const low = new Set(
    rng.sample(dates, dates.length ? Math.max(1, Math.round(dates.length * LOW_SHARE)) : 0),
  );
  const alertBelow = world.catalog.playerCoverage.alertBelowPct;
  return dates.map((date) => {
    const expected = (world.finalGamesOn.get(date) ?? 0) * playersPerGame;
    const actual = low.has(date)
      ? Math.floor((expected * alertBelow * (0.65 + 0.33 * rng.next())) / 100)
      : expected;
    // Floored to one decimal so a date just under the threshold never rounds up to it.
    const pct = expected ? Math.floor((actual * 1000) / expected) / 10 : 100;
    return { date, expected, actual, pct, status: pct < alertBelow ? 'incomplete' : 'complete' };
  });
}
