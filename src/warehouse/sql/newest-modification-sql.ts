import type { Catalog, CatalogTable } from '../../config/catalog-schema.js';
import type { DateRange } from '../../domain/dates.js';
import { ParamBag } from './param-bag.js';
import type { Dialect, SqlQuery } from './sql-query.js';

/** The newest row stamp over some tables within a range (each branch pruned to the range), in one query. */
export function newestModificationSql(
  catalog: Catalog,
  dialect: Dialect,
  range: DateRange,
  tables: CatalogTable[],
  label: string,
): SqlQuery | null {
  const column = catalog.modifiedColumn;
  if (!column || tables.length === 0) return null;
  const p = new ParamBag(dialect);
  const start = p.date('range_start', range.start);
  const end = p.date('range_end', range.end);
  const branches = tables.map((t) => {
    const date = dialect.column(t.dateColumn);
    return `SELECT MAX(${dialect.column(column)}) AS m FROM ${dialect.table(t.dataset, t.table)} WHERE ${date} BETWEEN ${start} AND ${end}`;
  });
  return {
    sql: `SELECT MAX(m) AS newest FROM (${branches.join(' UNION ALL ')}) stamps`,
    params: p.params,
    label,
  };
}
