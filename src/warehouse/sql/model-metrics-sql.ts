import type { Catalog } from '../../config/catalog-schema.js';
import type { DateRange } from '../../domain/dates.js';
import { BackfillError } from '../../domain/errors.js';
import { ParamBag } from './param-bag.js';
import type { Dialect, SqlQuery } from './sql-query.js';

/** What a system recommends when it makes a pick (anything else, e.g. PASS, is no pick). */
export const PICKS = ['OVER', 'UNDER'];

/** Tags of the two result rows: the graded table's numbers, and the challenger's placeholders. */
export const GRADED_TAG = 0;
export const PLACEHOLDER_TAG = 1;

export type ModelsConfig = NonNullable<Catalog['models']>;

export function modelsOf(catalog: Catalog): ModelsConfig {
  if (!catalog.models) {
    throw new BackfillError(
      'CATALOG_INVALID',
      'the catalog has no models section: there is no challenger or champion to measure',
      'Add models: (challenger, champion, graded, predictions) to the catalog.',
    );
  }
  return catalog.models;
}

/**
 * The ML milestones' numbers in one query (seed 000), without joins: the graded rows of both systems
 * in the window are grouped per player-game (date, player), so an overlapping pick, each system's
 * win on it, and the ensemble (the mean of both predictions) are read off one group; the outer
 * SELECT sums the groups. A second branch counts the challenger's placeholder predictions. Sums and
 * counts come back, never means, so no engine's rounding of an average differs from another's.
 * Both branches are pruned by the window on their date columns.
 */
export function modelMetricsSql(
  catalog: Catalog,
  dialect: Dialect,
  window: DateRange,
  label: string,
): SqlQuery {
  const models = modelsOf(catalog);
  const g = models.graded;
  const p = new ParamBag(dialect);
  const col = dialect.column;
  const start = p.date('window_start', window.start);
  const end = p.date('window_end', window.end);
  const challenger = p.string('challenger', models.challenger.id);
  const champion = p.string('champion', models.champion.id);
  const [sys, err, rec, correct, predicted, actual] = [
    g.systemColumn,
    g.absoluteErrorColumn,
    g.recommendationColumn,
    g.correctColumn,
    g.predictedColumn,
    g.actualColumn,
  ].map(col) as [string, string, string, string, string, string];
  const isPick = p.inList(rec, 'picks', PICKS);
  const perSystem = (prefix: string, system: string) => {
    const of = `${sys} = ${system}`;
    return [
      `SUM(CASE WHEN ${of} AND ${err} IS NOT NULL THEN 1 ELSE 0 END) AS ${prefix}_rows`,
      `SUM(CASE WHEN ${of} THEN ${err} END) AS ${prefix}_err`,
      `MAX(CASE WHEN ${of} AND ${isPick} THEN 1 ELSE 0 END) AS ${prefix}_pick`,
      `MAX(CASE WHEN ${of} AND ${isPick} AND ${correct} = TRUE THEN 1 ELSE 0 END) AS ${prefix}_win`,
      `SUM(CASE WHEN ${of} AND ${predicted} IS NOT NULL AND ${actual} IS NOT NULL THEN 1 ELSE 0 END) AS ${prefix}_n`,
      `SUM(CASE WHEN ${of} AND ${actual} IS NOT NULL THEN ${predicted} END) AS ${prefix}_pred`,
    ];
  };
  const playerGames =
    `SELECT ${[...perSystem('c', challenger), ...perSystem('k', champion)].join(', ')}, MAX(${actual}) AS actual` +
    ` FROM ${dialect.table(g.dataset, g.table)}` +
    ` WHERE ${col(g.dateColumn)} BETWEEN ${start} AND ${end} AND ${p.inList(sys, 'systems', [models.challenger.id, models.champion.id])}` +
    ` GROUP BY ${col(g.dateColumn)}, ${col(g.playerColumn)}`;
  const overlap = 'c_pick = 1 AND k_pick = 1';
  const both = 'c_n > 0 AND k_n > 0';
  const diff = '((c_pred / c_n + k_pred / k_n) / 2 - actual)';
  const graded =
    `SELECT ${GRADED_TAG} AS t, SUM(c_rows) AS c_rows, SUM(c_err) AS c_err, SUM(k_rows) AS k_rows, SUM(k_err) AS k_err,` +
    ` SUM(CASE WHEN ${overlap} THEN 1 ELSE 0 END) AS overlap,` +
    ` SUM(CASE WHEN ${overlap} THEN c_win ELSE 0 END) AS c_wins,` +
    ` SUM(CASE WHEN ${overlap} THEN k_win ELSE 0 END) AS k_wins,` +
    ` SUM(CASE WHEN ${both} THEN 1 ELSE 0 END) AS e_rows,` +
    ` SUM(CASE WHEN ${both} THEN (CASE WHEN ${diff} >= 0 THEN ${diff} ELSE -${diff} END) END) AS e_err,` +
    ' NULL AS placeholders' +
    ` FROM (${playerGames}) player_games`;
  const pr = models.predictions;
  const placeholders =
    `SELECT ${PLACEHOLDER_TAG} AS t, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, COUNT(*) AS placeholders` +
    ` FROM ${dialect.table(pr.dataset, pr.table)}` +
    ` WHERE ${col(pr.dateColumn)} BETWEEN ${start} AND ${end} AND ${col(pr.systemColumn)} = ${challenger}` +
    ` AND ${col(pr.placeholderColumn)} = TRUE`;
  return { sql: `${graded}\nUNION ALL\n${placeholders}`, params: p.params, label };
}
