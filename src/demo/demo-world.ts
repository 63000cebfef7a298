import type { Catalog, CatalogSeason } from '../config/catalog-schema.js';
import { addDays, type IsoDate } from '../domain/dates.js';
import { BadInputError } from '../domain/errors.js';
import { buildSchedule, type DemoGame } from './build-schedule.js';
import { type DemoRoles, deriveDemoRoles } from './demo-roles.js';
import { createRng } from './prng.js';

/** Everything the planners share: the catalog's roles and the schedule's final dates. */
export interface DemoWorld {
  catalog: Catalog;
  roles: DemoRoles;
  asOf: IsoDate;
  seed: number;
  seasons: CatalogSeason[];
  games: DemoGame[];
  /** Dates with a final game, sorted. */
  finalDates: IsoDate[];
  seasonDates: Map<string, IsoDate[]>;
  seasonOf: Map<IsoDate, CatalogSeason>;
  finalGamesOn: Map<IsoDate, number>;
  /** Yesterday, when it had games: the pipeline has not caught up with it yet. */
  lagDate: IsoDate | undefined;
}

export function buildDemoWorld(catalog: Catalog, asOf: IsoDate, seed: number): DemoWorld {
  const seasons = catalog.seasons.filter((s) => s.start <= asOf);
  if (seasons.length === 0) {
    throw new BadInputError(
      `no catalog season starts on or before ${asOf}`,
      `Pick an as-of date on or after ${catalog.seasons[0]?.start}.`,
    );
  }
  const games = buildSchedule(seasons, asOf, createRng(seed, 'schedule'));
  const seasonDates = new Map<string, IsoDate[]>(seasons.map((s) => [s.id, []]));
  const seasonOf = new Map<IsoDate, CatalogSeason>();
  const finalGamesOn = new Map<IsoDate, number>();
  for (const game of games.filter((g) => g.final)) {
    const season = seasons[game.seasonIndex] as CatalogSeason;
    if (!seasonOf.has(game.date)) seasonDates.get(season.id)?.push(game.date);
    seasonOf.set(game.date, season);
    finalGamesOn.set(game.date, (finalGamesOn.get(game.date) ?? 0) + 1);
  }
  const finalDates = [...seasonOf.keys()];
  const yesterday = addDays(asOf, -1);
  return {
    catalog,
    roles: deriveDemoRoles(catalog),
    asOf,
    seed,
    seasons,
    games,
    finalDates,
    seasonDates,
    seasonOf,
    finalGamesOn,
    lagDate: finalGamesOn.has(yesterday) ? yesterday : undefined,
  };
}
