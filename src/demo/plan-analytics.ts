import type { CatalogSeason } from '../config/catalog-schema.js';
import { addDays, type IsoDate } from '../domain/dates.js';
import type { DemoUnit } from './demo-roles.js';
import type { DemoWorld } from './demo-world.js';
import { processingError } from './failure-messages.js';
import type { PlanRecorder } from './plan-recorder.js';
import { createRng, type Rng } from './prng.js';

// Odds data covers about 270 of 650 dates, but the live feed has everything recent.
const PARTIAL_SHARE = 0.42;
const PARTIAL_COMPLETE_DAYS = 30;
const RESOLVED_ERROR_CHANCE = 0.0025;

/** Never-backfilled weeks: alternating multi-day blocks until about half the dates are missing. */
function halfMissingBlocks(dates: IsoDate[], rng: Rng): Set<IsoDate> {
  for (let attempt = 0; ; attempt++) {
    const missing = new Set<IsoDate>();
    let gap = rng.chance(0.5);
    for (let i = 0; i < dates.length; ) {
      const length = rng.int(4, 14);
      if (gap) for (const d of dates.slice(i, i + length)) missing.add(d);
      gap = !gap;
      i += length;
    }
    const share = missing.size / Math.max(1, dates.length);
    if (attempt > 500 || dates.length < 8 || (share > 0.44 && share < 0.56)) return missing;
  }
}

function seasonMode(world: DemoWorld, season: CatalogSeason): 'half' | 'clean' | 'current' | 'scattered' {
  if (season.id === world.catalog.demo.phase3HalfMissingSeason) return 'half';
  if (season.id === world.roles.cleanSeasonId) return 'clean';
  if (season.start <= world.asOf && world.asOf <= season.end) return 'current';
  return 'scattered';
}

/** Phase 2 is complete; analytics has the gaps of a half-finished backfill (see generate-demo.ts). */
export function planRawAndAnalytics(world: DemoWorld, recorder: PlanRecorder): void {
  for (const unit of world.roles.raw) {
    for (const date of world.finalDates) recorder.record(unit, date, { kind: 'success' });
  }
  const rng = createRng(world.seed, 'analytics');
  const units = world.roles.analytics;
  const steady = units.filter((u) => !u.tables.some((t) => t.expectedPartial));
  const lagUnit = rng.pick(steady.length ? steady : units);
  const partialFrom = addDays(world.asOf, -PARTIAL_COMPLETE_DAYS);
  const gameOn = new Map(world.games.map((g) => [g.date, g.gameId]));

  for (const season of world.seasons) {
    const dates = world.seasonDates.get(season.id) ?? [];
    const mode = seasonMode(world, season);
    let shared = new Set<IsoDate>();
    const single = new Map<IsoDate, DemoUnit>();
    if (mode === 'half') shared = halfMissingBlocks(dates, rng);
    if (mode === 'scattered') {
      shared = new Set(rng.sample(dates, rng.int(2, 4)));
      const rest = dates.filter((d) => !shared.has(d));
      for (const d of rng.sample(rest, rng.int(2, 4))) single.set(d, rng.pick(units));
    }
    for (const date of dates) {
      for (const unit of units) {
        const partial = unit.tables.some((t) => t.expectedPartial);
        const error = () => processingError(rng, date, gameOn.get(date) ?? '');
        if (shared.has(date) || (unit === lagUnit && date === world.lagDate)) continue;
        if (single.get(date) === unit) recorder.record(unit, date, { kind: 'open', error: error() });
        else if (partial && date < partialFrom && !rng.chance(PARTIAL_SHARE)) continue;
        else if (date < addDays(world.asOf, -5) && rng.chance(RESOLVED_ERROR_CHANCE)) {
          recorder.record(unit, date, { kind: 'resolved', error: error() });
        } else recorder.record(unit, date, { kind: 'success' });
      }
    }
  }
}
