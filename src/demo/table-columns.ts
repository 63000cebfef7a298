import type { CatalogTable } from '../config/catalog-schema.js';
import { tableKey } from './demo-roles.js';
import type { DemoWorld } from './demo-world.js';
import {
  OPPONENT_ABBR,
  PLAYER_ASSISTS,
  PLAYER_KEY,
  PLAYER_MINUTES,
  PLAYER_POINTS,
  PLAYER_REBOUNDS,
  playerLookupSql,
  processedAtSql,
  qualitySql,
  TEAM_ABBR,
  TEAM_ASSISTS,
  TEAM_KEY,
  TEAM_PACE,
  TEAM_POINTS,
  TEAM_REBOUNDS,
} from './row-sql.js';

/** One column: its DDL type and the SQL producing it, so CREATE and INSERT never drift apart. */
export interface ColumnSpec {
  name: string;
  type: string;
  sql: string;
}

export interface RowShape {
  players: number;
  playersPerTeam: number;
}

/** Rows per game for a grain: the slots `s.slot` ranges over. */
export function slotsPerGame(table: CatalogTable, shape: RowShape): number {
  return table.grain === 'player' ? shape.players : table.grain === 'team' ? 2 : 1;
}

/** Columns of a Phase 2-4 table: keys, date column(s), grain columns, metrics, processed_at, quality. */
export function tableColumns(
  world: Pick<DemoWorld, 'catalog' | 'roles'>,
  table: CatalogTable,
  index: number,
  shape: RowShape,
): ColumnSpec[] {
  const dates: ColumnSpec[] = [{ name: table.dateColumn, type: 'DATE', sql: 'g.game_date' }];
  // The coverage runbook joins the coverage table on the coverage date column (analysis_date).
  const coverageDate = world.catalog.playerCoverage.dateColumn;
  if (tableKey(table) === tableKey(world.roles.coverageTable) && coverageDate !== table.dateColumn) {
    dates.push({ name: coverageDate, type: 'DATE', sql: 'g.game_date' });
  }
  const player = table.grain === 'player';
  const grain: ColumnSpec[] = player
    ? [
        { name: 'team_abbr', type: 'VARCHAR', sql: TEAM_ABBR },
        { name: 'opponent_team_abbr', type: 'VARCHAR', sql: OPPONENT_ABBR },
        { name: 'player_lookup', type: 'VARCHAR', sql: playerLookupSql(shape.playersPerTeam) },
        { name: 'minutes', type: 'DOUBLE', sql: PLAYER_MINUTES },
        { name: 'points', type: 'INTEGER', sql: PLAYER_POINTS },
        { name: 'rebounds', type: 'INTEGER', sql: PLAYER_REBOUNDS },
        { name: 'assists', type: 'INTEGER', sql: PLAYER_ASSISTS },
      ]
    : [
        { name: 'team_abbr', type: 'VARCHAR', sql: TEAM_ABBR },
        { name: 'opponent_team_abbr', type: 'VARCHAR', sql: OPPONENT_ABBR },
        { name: 'is_home', type: 'BOOLEAN', sql: 's.slot % 2 = 0' },
        { name: 'points', type: 'INTEGER', sql: TEAM_POINTS },
        { name: 'rebounds', type: 'INTEGER', sql: TEAM_REBOUNDS },
        { name: 'assists', type: 'INTEGER', sql: TEAM_ASSISTS },
        { name: 'pace', type: 'DOUBLE', sql: TEAM_PACE },
      ];
  const quality: ColumnSpec[] = table.qualityColumn
    ? [
        {
          name: table.qualityColumn,
          type: 'DOUBLE',
          sql: qualitySql(player ? PLAYER_KEY : TEAM_KEY, 100 + 10 * index),
        },
      ]
    : [];
  return [
    { name: world.catalog.schedule.gameIdColumn, type: 'VARCHAR', sql: 'g.game_id' },
    ...dates,
    ...grain,
    { name: 'processed_at', type: 'TIMESTAMP', sql: processedAtSql(table.phase, 50 + index) },
    ...quality,
  ];
}

export const createTableSql = (qualified: string, columns: ColumnSpec[]) =>
  `CREATE TABLE ${qualified} (${columns.map((c) => `${c.name} ${c.type}`).join(', ')})`;

/** Rows for every game on the table's present dates (staged in demo_present by table index). */
export function selectRowsSql(columns: ColumnSpec[], index: number, slots: number): string {
  return `SELECT ${columns.map((c) => `${c.sql} AS ${c.name}`).join(',\n      ')}
    FROM demo_games g
    JOIN demo_present p ON p.table_index = ${index} AND p.d = g.game_date
    CROSS JOIN range(${slots}) s(slot)`;
}

/** Inserts `selectRowsSql`'s rows; `demo fill` runs the same statement on the dates it fills. */
export function insertRowsSql(
  qualified: string,
  columns: ColumnSpec[],
  index: number,
  slots: number,
): string {
  return `INSERT INTO ${qualified}
    ${selectRowsSql(columns, index, slots)}`;
}
