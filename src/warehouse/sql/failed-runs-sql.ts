import type { Catalog } from '../../config/catalog-schema.js';
import type { DateRange } from '../../domain/dates.js';
import { utcInstant } from './latest-runs-sql.js';
import { ParamBag } from './param-bag.js';
import { runHistoryScope } from './run-history-scope.js';
import type { Dialect, SqlQuery } from './sql-query.js';

/**
 * Failed runs in a range, each with the status of the latest run for its processor and date, so one
 * round trip tells open failures (latest run failed) from resolved ones (a later run succeeded).
 */
export function failedRunsSql(
  catalog: Catalog,
  dialect: Dialect,
  range: DateRange,
  processors: string[] | null,
  label: string,
  startedSince?: string,
): SqlQuery {
  const p = new ParamBag(dialect);
  const since = startedSince
    ? ` AND started_at >= ${p.timestamp('started_since', utcInstant(startedSince))}`
    : '';
  const { c, table, where } = runHistoryScope(catalog, dialect, p, range, processors);
  const sql = `SELECT processor, phase, run_date, status, started_at, errors, missing_dependencies, latest_status
FROM (
  SELECT ${c('processor')} AS processor, ${c('phase')} AS phase, ${c('date')} AS run_date, ${c('status')} AS status,
    ${c('startedAt')} AS started_at, ${c('errors')} AS errors, ${c('missingDependencies')} AS missing_dependencies,
    FIRST_VALUE(${c('status')}) OVER (PARTITION BY ${c('processor')}, ${c('date')} ORDER BY ${c('startedAt')} DESC) AS latest_status
  FROM ${table}
  WHERE ${where}
) runs
WHERE status = ${p.string('failed_status', catalog.runHistory.statuses.failed)}${since}
ORDER BY processor, run_date, started_at`;
  return { sql, params: p.params, label };
}
