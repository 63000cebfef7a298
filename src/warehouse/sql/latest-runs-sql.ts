import type { Catalog } from '../../config/catalog-schema.js';
import type { DateRange } from '../../domain/dates.js';
import { BackfillError } from '../../domain/errors.js';
import { ParamBag } from './param-bag.js';
import { runHistoryScope } from './run-history-scope.js';
import type { Dialect, SqlQuery } from './sql-query.js';

/** `since` as UTC ISO 8601: DuckDB's cast to TIMESTAMP drops any other offset instead of applying it. */
export function utcInstant(since: string): string {
  const instant = new Date(since);
  if (Number.isNaN(instant.getTime())) {
    throw new BackfillError('BAD_INPUT', `latest runs: "${since}" is not an ISO 8601 instant`);
  }
  return instant.toISOString();
}

/**
 * Per processor and date, the latest run started at or after `since`: what a re-run request reads
 * to tell done (a newer success) from failed again or not run yet. Reads four columns, pruned by the
 * date range; runs before `since` never reach the window. Two runs started at the same instant are
 * ordered by status (failed before success), so every engine picks the same one.
 */
export function latestRunsSql(
  catalog: Catalog,
  dialect: Dialect,
  range: DateRange,
  processors: string[],
  since: string,
  label: string,
): SqlQuery {
  const p = new ParamBag(dialect);
  const { c, table, where } = runHistoryScope(catalog, dialect, p, range, processors);
  const pair = `PARTITION BY ${c('processor')}, ${c('date')}`;
  const sql = `SELECT DISTINCT processor, run_date, latest_status, latest_started_at
FROM (
  SELECT ${c('processor')} AS processor, ${c('date')} AS run_date,
    FIRST_VALUE(${c('status')}) OVER (${pair} ORDER BY ${c('startedAt')} DESC, ${c('status')}) AS latest_status,
    MAX(${c('startedAt')}) OVER (${pair}) AS latest_started_at
  FROM ${table}
  WHERE ${where} AND ${c('startedAt')} >= ${p.timestamp('since', utcInstant(since))}
) runs
ORDER BY processor, run_date`;
  return { sql, params: p.params, label };
}
