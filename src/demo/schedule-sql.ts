import type { Catalog } from '../config/catalog-schema.js';

/** The schedule, from demo_games: final games carry the catalog's final status, the rest 1 (scheduled). */
export function scheduleStatements(catalog: Catalog): string[] {
  const s = catalog.schedule;
  const qualified = `${s.dataset}.${s.table}`;
  const scheduled = s.finalStatus === 1 ? 0 : 1;
  return [
    `CREATE TABLE ${qualified} (${s.gameIdColumn} VARCHAR, ${s.dateColumn} DATE, season_year INTEGER,
      home_team_tricode VARCHAR, away_team_tricode VARCHAR, ${s.statusColumn} INTEGER, is_playoffs BOOLEAN)`,
    `INSERT INTO ${qualified} SELECT game_id, game_date, season_year, home, away,
      CASE WHEN is_final THEN ${s.finalStatus} ELSE ${scheduled} END, is_playoffs
      FROM demo_games ORDER BY no`,
  ];
}
