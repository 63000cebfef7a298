import { addDays, daysBetween, type IsoDate } from '../domain/dates.js';
import { bootstrapDaysOf, type DemoUnit, tableKey } from './demo-roles.js';
import type { DemoWorld } from './demo-world.js';
import {
  BOOTSTRAP_SKIP,
  dependencyError,
  insufficientDataError,
  processingError,
} from './failure-messages.js';
import type { Outcome, PlanRecorder } from './plan-recorder.js';
import { createRng, type Rng } from './prng.js';

// The first season Phase 4 was backfilled for is only this far along.
const FIRST_SEASON_SHARE = 0.6;
// Early-season INSUFFICIENT_DATA: the last season day (0-based) it happens on, and how often.
const INSUFFICIENT_UNTIL_DAY = 19;
const INSUFFICIENT_PEAK = 0.5;
const INSUFFICIENT_OPEN = 0.2;
const RESOLVED_ERROR_CHANCE = 0.003;

interface DayContext {
  date: IsoDate;
  /** A game of the date, for error messages that name one. */
  gameId: string;
  /** Days since opening night. */
  day: number;
  bootstrap: number;
  /** The season that must pass Gate 2: every failure there was resolved. */
  clean: boolean;
  /** Too close to asOf for a re-run to have happened. */
  recent: boolean;
}

/** The outcome of a processor whose upstream is all present. */
function ownOutcome(rng: Rng, ctx: DayContext, broken: boolean): Outcome {
  if (broken) return { kind: 'open', error: processingError(rng, ctx.date, ctx.gameId) };
  if (ctx.day <= INSUFFICIENT_UNTIL_DAY) {
    const span = Math.max(1, INSUFFICIENT_UNTIL_DAY - ctx.bootstrap);
    const chance = 0.05 + INSUFFICIENT_PEAK * ((INSUFFICIENT_UNTIL_DAY - ctx.day) / span);
    if (rng.chance(chance)) {
      const error = insufficientDataError(rng);
      const open = !ctx.clean && (ctx.recent || rng.chance(INSUFFICIENT_OPEN));
      return open ? { kind: 'open', error } : { kind: 'resolved', error };
    }
  }
  if (!ctx.recent && rng.chance(RESOLVED_ERROR_CHANCE)) {
    return { kind: 'resolved', error: processingError(rng, ctx.date, ctx.gameId) };
  }
  return { kind: 'success' };
}

/**
 * Phase 4, from `demo.phase4FromSeason` on: skipped in bootstrap windows, DependencyError where
 * critical Phase 3 tables are missing, and a failure in the chain blocks every later stage.
 */
export function planPrecompute(world: DemoWorld, recorder: PlanRecorder): void {
  const { catalog, roles } = world;
  const rng = createRng(world.seed, 'precompute');
  const critical3 = roles.analytics.flatMap((u) => u.tables.filter((t) => t.critical).map(tableKey));
  const fromIndex = catalog.seasons.findIndex((s) => s.id === catalog.demo.phase4FromSeason);
  const gameOn = new Map(world.games.map((g) => [g.date, g.gameId]));
  const units = roles.chain.flat();

  for (const season of world.seasons.filter((s) => catalog.seasons.indexOf(s) >= fromIndex)) {
    const all = world.seasonDates.get(season.id) ?? [];
    const first = catalog.seasons.indexOf(season) === fromIndex;
    const attempted = (first ? all.slice(0, Math.ceil(all.length * FIRST_SEASON_SHARE)) : all).filter(
      (d) => d !== world.lagDate,
    );
    const bootstrap = bootstrapDaysOf(catalog, season);
    const clean = season.id === roles.cleanSeasonId;
    // A few dates where one processor in the chain hit a bug nobody has fixed yet.
    const laterDates = attempted.filter((d) => daysBetween(season.start, d) > INSUFFICIENT_UNTIL_DAY);
    const broken = new Map<IsoDate, DemoUnit>();
    if (!clean) for (const d of rng.sample(laterDates, rng.int(2, 3))) broken.set(d, rng.pick(units));

    for (const date of attempted) {
      const day = daysBetween(season.start, date);
      if (day < bootstrap) {
        roles.chain.forEach((stage, i) => {
          for (const unit of stage)
            recorder.record(unit, date, { kind: 'skipped', error: BOOTSTRAP_SKIP }, i);
        });
        continue;
      }
      const gameId = gameOn.get(date) ?? '';
      const ctx: DayContext = { date, gameId, day, bootstrap, clean, recent: date > addDays(world.asOf, -5) };
      let blocked = critical3.filter((key) => !recorder.has(key, date));
      roles.chain.forEach((stage, stageIndex) => {
        const missingHere: string[] = [];
        for (const unit of stage) {
          const outcome: Outcome = blocked.length
            ? { kind: 'open', error: dependencyError(blocked, date), missing: blocked }
            : ownOutcome(rng, ctx, broken.get(date) === unit);
          recorder.record(unit, date, outcome, stageIndex);
          if (outcome.kind === 'open') missingHere.push(...unit.tables.map(tableKey));
        }
        if (missingHere.length) blocked = missingHere;
      });
    }
  }
}
