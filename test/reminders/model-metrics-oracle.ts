import { DuckDBInstance } from '@duckdb/node-api';
import type { DateRange } from '../../src/domain/dates.js';

/** The numbers a milestone judges, as the oracle reads them. */
export interface OracleMetrics {
  challengerRows: number;
  challengerMae: number | null;
  championRows: number;
  championMae: number | null;
  placeholders: number;
  overlappingPicks: number;
  challengerWins: number;
  championWins: number;
  ensembleRows: number;
  ensembleMae: number | null;
}

/**
 * The oracle: the seed's definitions written again as plain DuckDB SQL with joins, on the demo file
 * opened read-only, names spelled out rather than taken from the catalog.
 */
export async function oracleMetrics(path: string, window: DateRange): Promise<OracleMetrics> {
  const instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  const inWindow = (alias: string) =>
    `${alias}.game_date BETWEEN DATE '${window.start}' AND DATE '${window.end}'`;
  const one = async (sql: string) => {
    const reader = await connection.runAndReadAll(sql);
    const [row] = reader.getRowObjectsJS();
    return Object.fromEntries(
      Object.entries(row ?? {}).map(([k, v]) => [k, v === null ? null : Number(v)]),
    ) as Record<string, number | null>;
  };
  const pair = `FROM nba_predictions.prediction_accuracy c JOIN nba_predictions.prediction_accuracy k
    ON c.game_date = k.game_date AND c.player_lookup = k.player_lookup
    WHERE c.system_id = 'xgboost_v1' AND k.system_id = 'catboost_v8' AND ${inWindow('c')}`;
  try {
    const system = (id: string) =>
      one(`SELECT count(*) AS n, avg(absolute_error) AS mae FROM nba_predictions.prediction_accuracy a
        WHERE a.system_id = '${id}' AND ${inWindow('a')}`);
    const [c, k, placeholders, picks, ensemble] = [
      await system('xgboost_v1'),
      await system('catboost_v8'),
      await one(`SELECT count(*) AS n FROM nba_predictions.player_prop_predictions p
        WHERE p.system_id = 'xgboost_v1' AND p.is_placeholder AND ${inWindow('p')}`),
      await one(`SELECT count(*) AS n, count(*) FILTER (WHERE c.prediction_correct) AS c_wins,
        count(*) FILTER (WHERE k.prediction_correct) AS k_wins ${pair}
        AND c.recommendation IN ('OVER', 'UNDER') AND k.recommendation IN ('OVER', 'UNDER')`),
      await one(`SELECT count(*) AS n,
        avg(abs((c.predicted_points + k.predicted_points) / 2 - c.actual_points)) AS mae ${pair}`),
    ];
    return {
      challengerRows: c?.n ?? 0,
      challengerMae: c?.mae ?? null,
      championRows: k?.n ?? 0,
      championMae: k?.mae ?? null,
      placeholders: placeholders?.n ?? 0,
      overlappingPicks: picks?.n ?? 0,
      challengerWins: picks?.c_wins ?? 0,
      championWins: picks?.k_wins ?? 0,
      ensembleRows: ensemble?.n ?? 0,
      ensembleMae: ensemble?.mae ?? null,
    };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
