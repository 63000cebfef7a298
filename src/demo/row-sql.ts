// Per-row values of the large tables are computed in SQL from (game number, slot, salt) with
// integer arithmetic only: DuckDB's random() and hash() may change between versions, these cannot.
// Aliases the fragments assume: g = demo_games, s(slot) = the row's slot within its game.

/** Temp macros: a 32-bit multiply-xorshift mix, and a per-(key, salt) draw in [0, 2^32). */
export function macroStatements(seed: number): string[] {
  return [
    'CREATE OR REPLACE TEMP MACRO demo_mix(x) AS ((xor(x, x >> 15) * 73244475) % 4294967296)',
    `CREATE OR REPLACE TEMP MACRO demo_u(k, salt) AS
       demo_mix(demo_mix(demo_mix(k::BIGINT + ${seed >>> 0}) + salt::BIGINT) + 2654435769)`,
  ];
}

export const SLOTS_PER_KEY = 4096;

/** Key of a player row: the same player-game in every table gets the same values. */
export const PLAYER_KEY = `(g.no::BIGINT * ${SLOTS_PER_KEY} + s.slot)`;
export const TEAM_KEY = `(g.no::BIGINT * ${SLOTS_PER_KEY} + 4000 + s.slot)`;

export const u = (key: string, salt: number | string) => `demo_u(${key}, ${salt})`;

const HOME = 's.slot % 2 = 0';
export const TEAM_ABBR = `CASE WHEN ${HOME} THEN g.home ELSE g.away END`;
export const OPPONENT_ABBR = `CASE WHEN ${HOME} THEN g.away ELSE g.home END`;

/** Player slots alternate home/away; slot k of a team is the same player all season. */
export function playerLookupSql(playersPerTeam: number): string {
  const team = `CASE WHEN ${HOME} THEN g.home_idx ELSE g.away_idx END`;
  return `printf('player%04d', ${team} * ${playersPerTeam} + s.slot // 2)`;
}

/** Starters play more: minutes fall with the player's depth-chart position. */
const ROLE_MINUTES = 'GREATEST(4, 36 - 3 * (s.slot // 2))';
/** Points the role is expected to score; games scatter around it (-10..+10, triangular). */
const ROLE_POINTS = `(${ROLE_MINUTES} * 9 // 20)`;
export const PLAYER_MINUTES = `GREATEST(0, ${ROLE_MINUTES} - 4 + (${u(PLAYER_KEY, 1)} % 81) / 10.0)`;
export const PLAYER_POINTS = `GREATEST(0, ${ROLE_POINTS} + ${u(PLAYER_KEY, 2)} % 11 + ${u(PLAYER_KEY, 6)} % 11 - 10)`;
export const PLAYER_REBOUNDS = `${u(PLAYER_KEY, 3)} % (${ROLE_MINUTES} // 4 + 2)`;
export const PLAYER_ASSISTS = `${u(PLAYER_KEY, 4)} % (${ROLE_MINUTES} // 5 + 2)`;
/** The bookmaker's line: close to the role's expected points, shared by every model system. */
export const LINE_VALUE = `GREATEST(0.5, ${ROLE_POINTS} + ${u(PLAYER_KEY, 5)} % 3 - 1 + 0.5)`;

export const TEAM_POINTS = `92 + ${u(TEAM_KEY, 1)} % 40`;
export const TEAM_REBOUNDS = `35 + ${u(TEAM_KEY, 2)} % 20`;
export const TEAM_ASSISTS = `18 + ${u(TEAM_KEY, 3)} % 15`;
export const TEAM_PACE = `94 + (${u(TEAM_KEY, 4)} % 120) / 10.0`;

/** Written the morning after the games, later phases later. */
export function processedAtSql(phaseId: number, salt: number): string {
  return `CAST(g.game_date AS TIMESTAMP) + INTERVAL 1 DAY + to_seconds(${phaseId * 3600} + ${u('g.no', salt)} % 3000)`;
}

/**
 * completeness_pct by days since opening night: poor in the first two weeks, ok in weeks 3-4,
 * then mostly good with some ok and a few poor rows (every bucket occurs in a season).
 */
export function qualitySql(key: string, salt: number): string {
  const q = u(key, salt);
  const tenths = `(${u(key, salt + 1)} % 10) / 10.0`;
  return `LEAST(100.0, CASE
    WHEN g.season_day < 14 THEN 20 + g.season_day * 3 + ${q} % 30
    WHEN g.season_day < 28 THEN 68 + ${q} % 22
    WHEN ${q} % 100 < 85 THEN 90 + ${q} % 10
    WHEN ${q} % 100 < 98 THEN 70 + ${q} % 20
    ELSE 35 + ${q} % 35 END + ${tenths})`;
}
