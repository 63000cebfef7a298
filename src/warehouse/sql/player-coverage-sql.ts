import type { Catalog } from '../../config/catalog-schema.js';
import type { DateRange } from '../../domain/dates.js';
import { ParamBag } from './param-bag.js';
import type { Dialect, SqlQuery } from './sql-query.js';

/** Player-level coverage per date (the backfill metadata the seeds' alert query reads). */
export function playerCoverageSql(
  catalog: Catalog,
  dialect: Dialect,
  range: DateRange,
  label: string,
): SqlQuery {
  const p = new ParamBag(dialect);
  const pc = catalog.playerCoverage;
  const c = (name: string) => dialect.column(name);
  const sql =
    `SELECT ${c(pc.dateColumn)} AS d, ${c(pc.expectedColumn)} AS expected, ${c(pc.actualColumn)} AS actual, ${c(pc.pctColumn)} AS pct` +
    ` FROM ${dialect.table(pc.dataset, pc.table)}` +
    ` WHERE ${c(pc.dateColumn)} BETWEEN ${p.date('range_start', range.start)} AND ${p.date('range_end', range.end)}` +
    ` ORDER BY d`;
  return { sql, params: p.params, label };
}
