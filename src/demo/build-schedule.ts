import type { CatalogSeason } from '../config/catalog-schema.js';
import { addDays, daysBetween, eachDay, type IsoDate } from '../domain/dates.js';
import { DEMO_TEAMS } from './demo-teams.js';
import type { Rng } from './prng.js';

export interface DemoGame {
  /** Global ordinal: the key every per-row value in SQL is derived from. */
  no: number;
  gameId: string;
  date: IsoDate;
  seasonIndex: number;
  seasonYear: number;
  /** Days since the season's opening night (0 on opening night). */
  seasonDay: number;
  home: number;
  away: number;
  final: boolean;
  playoffs: boolean;
}

const GAMES_PER_SEASON = (DEMO_TEAMS.length * 82) / 2;
const MAX_GAMES_PER_DAY = 14;
// Relative game density by weekday (Sun..Sat): the league loads Wednesdays and Fridays.
const WEEKDAY_WEIGHT = [0.9, 0.9, 1.0, 1.3, 0.7, 1.2, 1.1];

const weekday = (date: IsoDate) => new Date(`${date}T00:00:00Z`).getUTCDay();

function nthWeekday(year: number, month: number, day: number, n: number): IsoDate {
  const first = `${year}-${String(month).padStart(2, '0')}-01`;
  return addDays(first, ((day - weekday(first) + 7) % 7) + 7 * (n - 1));
}

/** Regular-season days without games: Thanksgiving, Christmas Eve, the All-Star break, a few others. */
function offDays(season: CatalogSeason, rng: Rng): Set<IsoDate> {
  const startYear = Number(season.start.slice(0, 4));
  const off = new Set([nthWeekday(startYear, 11, 4, 4), `${startYear}-12-24`]);
  const breakStart = addDays(nthWeekday(startYear + 1, 2, 4, 3), rng.int(-3, 0));
  for (let i = 0; i < 5; i++) off.add(addDays(breakStart, i));
  const days = eachDay(addDays(season.start, 3), season.regularSeasonEnd);
  for (const day of rng.sample(days, rng.int(4, 6))) off.add(day);
  return off;
}

function spreadGames(days: IsoDate[], total: number, rng: Rng): number[] {
  const counts = days.map(() => 2);
  let left = total - 2 * days.length;
  while (left > 0) {
    const i = rng.int(1, days.length - 1); // opening night keeps its 2 games
    const day = days[i] as IsoDate;
    if ((counts[i] ?? 0) < MAX_GAMES_PER_DAY && rng.next() * 1.3 < (WEEKDAY_WEIGHT[weekday(day)] ?? 1)) {
      counts[i] = (counts[i] ?? 0) + 1;
      left--;
    }
  }
  return counts;
}

function playoffCounts(season: CatalogSeason, rng: Rng): [IsoDate, number][] {
  const days = eachDay(addDays(season.regularSeasonEnd, 4), season.end);
  return days.flatMap((day, i): [IsoDate, number][] => {
    const early = i < days.length / 2;
    // Early rounds play most days with several series; the Finals leave days off between games.
    if (i !== days.length - 1 && !rng.chance(early ? 0.9 : 0.65)) return [];
    return [[day, early ? rng.int(2, 4) : rng.int(1, 2)]];
  });
}

/** The whole schedule of each season (future games included, as scheduled), in date order. */
export function buildSchedule(seasons: CatalogSeason[], asOf: IsoDate, rng: Rng): DemoGame[] {
  const games: DemoGame[] = [];
  seasons.forEach((season, seasonIndex) => {
    const seasonYear = Number(season.start.slice(0, 4));
    const yy = String(seasonYear % 100).padStart(2, '0');
    const off = offDays(season, rng);
    const regular = eachDay(season.start, season.regularSeasonEnd).filter((d, i) => i === 0 || !off.has(d));
    const counts = spreadGames(regular, GAMES_PER_SEASON, rng);
    const slots: [IsoDate, number, boolean][] = [
      ...regular.map((d, i): [IsoDate, number, boolean] => [d, counts[i] ?? 2, false]),
      ...playoffCounts(season, rng).map(([d, n]): [IsoDate, number, boolean] => [d, n, true]),
    ];
    const playoffTeams = rng.shuffle(DEMO_TEAMS.map((_, i) => i)).slice(0, 16);
    const seq = { regular: 0, playoffs: 0 };
    for (const [date, count, playoffs] of slots) {
      const teams = playoffs ? rng.shuffle(playoffTeams) : rng.shuffle(DEMO_TEAMS.map((_, i) => i));
      for (let g = 0; g < count; g++) {
        const n = playoffs ? ++seq.playoffs : ++seq.regular;
        games.push({
          no: games.length,
          gameId: `00${playoffs ? 4 : 2}${yy}${String(n).padStart(5, '0')}`,
          date,
          seasonIndex,
          seasonYear,
          seasonDay: daysBetween(season.start, date),
          home: teams[2 * g] ?? 0,
          away: teams[2 * g + 1] ?? 1,
          final: date < asOf,
          playoffs,
        });
      }
    }
  });
  return games;
}
