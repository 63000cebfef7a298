import type { Catalog } from '../../config/catalog-schema.js';
import type { DateRange } from '../../domain/dates.js';
import { ParamBag } from './param-bag.js';
import type { Dialect, SqlQuery } from './sql-query.js';

/** The seeds' progress query: runs per processor by status, and the latest date each reached. */
export function runSummarySql(
  catalog: Catalog,
  dialect: Dialect,
  range: DateRange,
  processors: string[] | null,
  label: string,
): SqlQuery {
  const p = new ParamBag(dialect);
  const rh = catalog.runHistory;
  const c = (name: keyof typeof rh.columns) => dialect.column(rh.columns[name]);
  const count = (status: keyof typeof rh.statuses) =>
    `SUM(CASE WHEN ${c('status')} = ${p.string(`status_${status}`, rh.statuses[status])} THEN 1 ELSE 0 END) AS ${status}`;
  const filters = [
    `${c('date')} BETWEEN ${p.date('range_start', range.start)} AND ${p.date('range_end', range.end)}`,
  ];
  if (processors) filters.push(p.inList(c('processor'), 'processors', processors));
  const sql =
    `SELECT ${c('processor')} AS processor, ${c('phase')} AS phase, ${count('success')}, ${count('failed')}, ${count('skipped')},` +
    ` MAX(${c('date')}) AS latest_date, MAX(${c('startedAt')}) AS latest_run` +
    ` FROM ${dialect.table(rh.dataset, rh.table)} WHERE ${filters.join(' AND ')}` +
    ` GROUP BY ${c('processor')}, ${c('phase')} ORDER BY processor`;
  return { sql, params: p.params, label };
}
