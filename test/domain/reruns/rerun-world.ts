import type { Catalog } from '../../../src/config/catalog-schema.js';
import { tableKey } from '../../../src/domain/coverage.js';
import { eachDay, type IsoDate } from '../../../src/domain/dates.js';
import type { RerunAsk, RerunFacts } from '../../../src/domain/reruns/rerun-plan.js';
import { catalog } from '../../support/ports.js';

// The smallest world that shows every re-run rule, on the real catalog: season 2023-24 (opening
// night 2023-10-24, bootstrap 2023-10-24..2023-10-30), with a game every day but three.

export { catalog };

export const NO_GAMES: IsoDate[] = ['2023-11-03', '2023-11-23', '2023-12-24'];
const SEASON = { start: '2023-10-24', end: '2024-04-14' };
const BOOTSTRAP = eachDay('2023-10-24', '2023-10-30');

/** The world's game days (final games) from start to end, both included. */
export const gameDays = (start: IsoDate, end: IsoDate): IsoDate[] =>
  eachDay(start, end).filter((d) => d >= SEASON.start && d <= SEASON.end && !NO_GAMES.includes(d));

/** The first `n` game days from `start`. */
export const firstGameDays = (n: number, start: IsoDate): IsoDate[] =>
  gameDays(start, SEASON.end).slice(0, n);

export const EXPECTED = gameDays(SEASON.start, SEASON.end);

/**
 * Facts where every table is present on every date it is expected on (bootstrap days aside for the
 * bootstrap phases), except the dates listed per table name in `missing`.
 */
export function facts(missing: Record<string, IsoDate[]> = {}): RerunFacts {
  const present = new Map(
    catalog.tables.map((t) => {
      const bootstrap = catalog.phases.find((p) => p.id === t.phase)?.bootstrap ?? false;
      const expected = EXPECTED.filter((d) => !(bootstrap && BOOTSTRAP.includes(d)));
      return [tableKey(t), expected.filter((d) => !missing[t.table]?.includes(d))];
    }),
  );
  return { expected: EXPECTED, present };
}

export const ask = (dates: Record<string, IsoDate[]>, flags: Partial<RerunAsk> = {}): RerunAsk => ({
  dates,
  withDownstream: false,
  override: false,
  ...flags,
});

/** The real catalog with other re-run limits. */
export const withReruns = (reruns: Partial<Catalog['reruns']>): Catalog => ({
  ...catalog,
  reruns: { ...catalog.reruns, ...reruns },
});

/** The same dates for each processor named. */
export const each = (processors: string[], dates: IsoDate[]): Record<string, IsoDate[]> =>
  Object.fromEntries(processors.map((p) => [p, dates]));

export const PHASE_4 = [
  'TeamDefenseZoneAnalysisProcessor',
  'PlayerShotZoneAnalysisProcessor',
  'PlayerCompositeFactorsProcessor',
  'PlayerDailyCacheProcessor',
  'MLFeatureStoreProcessor',
];
