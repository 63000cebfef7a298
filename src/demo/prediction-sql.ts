import type { CatalogTable } from '../config/catalog-schema.js';
import type { DemoWorld } from './demo-world.js';
import {
  LINE_VALUE,
  OPPONENT_ABBR,
  PLAYER_KEY,
  PLAYER_POINTS,
  playerLookupSql,
  processedAtSql,
  TEAM_ABBR,
  u,
} from './row-sql.js';
import type { RowShape } from './table-columns.js';

/** Graded predictions live beside the predictions table (the ML milestones read MAE from it). */
export const ACCURACY_TABLE = 'prediction_accuracy';
const TOWARDS_LINE_PCT = 80;

/**
 * Stages one row per player per model system active on the date in demo_pred. The error's size
 * is uniform on [0, 2 * mae], so its mean is the system's MAE whatever its direction. Like a real
 * model regressing to the line, it mostly points from the actual towards the line, which keeps
 * over/under hit rates a little above 50% (a prediction centred on the actual would score ~85%).
 */
export function stagePredictionsSql(table: CatalogTable, index: number, shape: RowShape): string {
  const draw = (salt: number) => u(PLAYER_KEY, `${salt} + 4 * m.idx`);
  return `CREATE OR REPLACE TEMP TABLE demo_pred AS
    WITH base AS (
      SELECT g.game_id, g.game_date, ${TEAM_ABBR} AS team_abbr, ${OPPONENT_ABBR} AS opponent_team_abbr,
        ${playerLookupSql(shape.playersPerTeam)} AS player_lookup, ${PLAYER_POINTS} AS actual_points,
        ${LINE_VALUE} AS line_value, m.system_id,
        round((${draw(20)} % 10001) * 2 * m.mae / 10000.0, 1) AS abs_err,
        ${draw(21)} % 100 < ${TOWARDS_LINE_PCT} AS towards_line,
        ph.game_no IS NOT NULL AND s.slot = 0 AS is_placeholder,
        ${processedAtSql(table.phase, 60 + index)} AS processed_at
      FROM demo_games g
      JOIN demo_present p ON p.table_index = ${index} AND p.d = g.game_date
      CROSS JOIN range(${shape.players}) s(slot)
      JOIN demo_systems m ON m.since <= g.game_date
      LEFT JOIN demo_placeholders ph ON ph.game_no = g.no AND ph.system_index = m.idx
    ), directed AS (
      SELECT *, actual_points + abs_err * CASE WHEN towards_line THEN sign(line_value - actual_points)
        ELSE sign(actual_points - line_value) END AS raw_prediction
      FROM base
    ), predicted AS (
      -- Never below zero: flip the direction instead, which leaves the error's size alone.
      SELECT *, round(CASE WHEN raw_prediction < 0 THEN actual_points + abs_err ELSE raw_prediction END, 1)
        AS predicted_points
      FROM directed
    )
    SELECT *, CASE WHEN predicted_points - line_value >= 1 THEN 'OVER'
      WHEN line_value - predicted_points >= 1 THEN 'UNDER' ELSE 'PASS' END AS recommendation
    FROM predicted`;
}

/** Creates and fills the predictions table and, with `withAccuracy`, the graded table beside it. */
export function predictionStatements(
  world: DemoWorld,
  table: CatalogTable,
  index: number,
  shape: RowShape,
  withAccuracy: boolean,
): string[] {
  const predictions = `${table.dataset}.${table.table}`;
  const accuracy = `${table.dataset}.${ACCURACY_TABLE}`;
  const date = table.dateColumn;
  const accuracyStatements = [
    `CREATE TABLE ${accuracy} (${date} DATE, player_lookup VARCHAR, system_id VARCHAR, predicted_points DOUBLE,
      actual_points INTEGER, absolute_error DOUBLE, line_value DOUBLE, recommendation VARCHAR,
      prediction_correct BOOLEAN)`,
    `INSERT INTO ${accuracy} SELECT game_date, player_lookup, system_id, predicted_points, actual_points,
      round(abs(predicted_points - actual_points), 1), line_value, recommendation,
      CASE recommendation WHEN 'OVER' THEN actual_points > line_value
        WHEN 'UNDER' THEN actual_points < line_value END
      FROM demo_pred`,
  ];
  return [
    `CREATE TABLE ${predictions} (${world.catalog.schedule.gameIdColumn} VARCHAR, ${date} DATE, team_abbr VARCHAR,
      opponent_team_abbr VARCHAR, player_lookup VARCHAR, system_id VARCHAR, predicted_points DOUBLE,
      line_value DOUBLE, recommendation VARCHAR, is_placeholder BOOLEAN, processed_at TIMESTAMP)`,
    stagePredictionsSql(table, index, shape),
    `INSERT INTO ${predictions} SELECT game_id, game_date, team_abbr, opponent_team_abbr, player_lookup, system_id,
      predicted_points, line_value, recommendation, is_placeholder, processed_at FROM demo_pred`,
    ...(withAccuracy ? accuracyStatements : []),
    'DROP TABLE demo_pred',
  ];
}
