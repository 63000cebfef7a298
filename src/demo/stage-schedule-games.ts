import type { DuckDBConnection } from '@duckdb/node-api';
import type { Catalog } from '../config/catalog-schema.js';
import { DEMO_TEAMS } from './demo-teams.js';

/**
 * Rebuilds the generator's demo_games temp table from a demo file's schedule, so `demo fill` can
 * run the generator's row SQL. The generator numbers games in date order and, within a date, in
 * game-id order (ids count up per season), and opening night is a season's first scheduled date.
 */
export async function stageScheduleGames(connection: DuckDBConnection, catalog: Catalog): Promise<void> {
  const s = catalog.schedule;
  const teams = `[${DEMO_TEAMS.map((t) => `'${t}'`).join(', ')}]`;
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE demo_games AS SELECT
      (row_number() OVER (ORDER BY ${s.dateColumn}, ${s.gameIdColumn}) - 1)::INTEGER AS no,
      ${s.gameIdColumn} AS game_id, ${s.dateColumn} AS game_date, season_year,
      date_diff('day', min(${s.dateColumn}) OVER (PARTITION BY season_year), ${s.dateColumn})::INTEGER
        AS season_day,
      (list_position(${teams}, home_team_tricode) - 1)::INTEGER AS home_idx,
      (list_position(${teams}, away_team_tricode) - 1)::INTEGER AS away_idx,
      home_team_tricode AS home, away_team_tricode AS away, ${s.statusColumn} = ${s.finalStatus} AS is_final,
      is_playoffs
    FROM ${s.dataset}.${s.table}`,
  );
  await connection.run('CREATE OR REPLACE TEMP TABLE demo_present (table_index INTEGER, d DATE)');
}
