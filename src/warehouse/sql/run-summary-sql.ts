import type { Catalog } from '../../config/catalog-schema.js';
import type { DateRange } from '../../domain/dates.js';
import { utcInstant } from './latest-runs-sql.js';
import { ParamBag } from './param-bag.js';
import { runHistoryScope } from './run-history-scope.js';
import type { Dialect, SqlQuery } from './sql-query.js';

/**
 * The seeds' progress query: runs per processor by status, and the latest date each reached;
 * with `startedSince`, only the runs started at or after that instant (still one query).
 */
export function runSummarySql(
  catalog: Catalog,
  dialect: Dialect,
  range: DateRange,
  processors: string[] | null,
  label: string,
  startedSince?: string,
): SqlQuery {
  const p = new ParamBag(dialect);
  const statuses = catalog.runHistory.statuses;
  const { c, table, where } = runHistoryScope(catalog, dialect, p, range, processors);
  const since = startedSince
    ? ` AND ${c('startedAt')} >= ${p.timestamp('started_since', utcInstant(startedSince))}`
    : '';
  const count = (status: keyof typeof statuses) =>
    `SUM(CASE WHEN ${c('status')} = ${p.string(`status_${status}`, statuses[status])} THEN 1 ELSE 0 END) AS ${status}`;
  const sql =
    `SELECT ${c('processor')} AS processor, ${c('phase')} AS phase, ${count('success')}, ${count('failed')}, ${count('skipped')},` +
    ` MAX(${c('date')}) AS latest_date, MAX(${c('startedAt')}) AS latest_run` +
    ` FROM ${table} WHERE ${where}${since}` +
    ` GROUP BY ${c('processor')}, ${c('phase')} ORDER BY processor`;
  return { sql, params: p.params, label };
}
