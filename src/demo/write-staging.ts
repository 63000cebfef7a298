import type { DuckDBConnection } from '@duckdb/node-api';
import { appendRows, bool, type Cell, date, double, int, text } from './append-rows.js';
import type { DemoPlan } from './demo-plan.js';
import { tableKey } from './demo-roles.js';
import { DEMO_TEAMS } from './demo-teams.js';
import { modelSystemsOf } from './plan-predictions.js';

const STAGING_DDL = [
  `CREATE TEMP TABLE demo_games (no INTEGER, game_id VARCHAR, game_date DATE, season_year INTEGER,
    season_day INTEGER, home_idx INTEGER, away_idx INTEGER, home VARCHAR, away VARCHAR, is_final BOOLEAN,
    is_playoffs BOOLEAN)`,
  'CREATE TEMP TABLE demo_present (table_index INTEGER, d DATE)',
  'CREATE TEMP TABLE demo_systems (idx INTEGER, system_id VARCHAR, since DATE, mae DOUBLE)',
  'CREATE TEMP TABLE demo_placeholders (game_no INTEGER, system_index INTEGER)',
];

/**
 * Loads the plan's small tables as temp tables (gone when the file is closed): games, the dates
 * each catalog table has rows on (by index in catalog.tables), model systems, placeholders.
 */
export async function writeStaging(connection: DuckDBConnection, plan: DemoPlan): Promise<void> {
  for (const sql of STAGING_DDL) await connection.run(sql);
  const temp = (table: string, rows: Iterable<Cell[]>) => appendRows(connection, table, rows, 'main', 'temp');
  const team = (i: number) => DEMO_TEAMS[i] ?? '';

  await temp(
    'demo_games',
    plan.world.games.map((g) => [
      int(g.no),
      text(g.gameId),
      date(g.date),
      int(g.seasonYear),
      int(g.seasonDay),
      int(g.home),
      int(g.away),
      text(team(g.home)),
      text(team(g.away)),
      bool(g.final),
      bool(g.playoffs),
    ]),
  );
  await temp(
    'demo_present',
    plan.world.catalog.tables.flatMap((t, index) =>
      [...(plan.recorder.present.get(tableKey(t)) ?? [])].sort().map((d) => [int(index), date(d)]),
    ),
  );
  await temp(
    'demo_systems',
    modelSystemsOf(plan.world.catalog).map((s) => [int(s.index), text(s.id), date(s.since), double(s.mae)]),
  );
  await temp(
    'demo_placeholders',
    plan.placeholders.map((p) => [int(p.gameNo), int(p.systemIndex)]),
  );
}
