import type { CatalogTable } from '../../config/catalog-schema.js';
import type { DateRange } from '../../domain/dates.js';
import { ParamBag } from './param-bag.js';
import type { Dialect, SqlQuery } from './sql-query.js';

/** Rows per table in a range (table i tagged i): what a date scan reads where there is no dry run. */
export function rowCountsSql(
  dialect: Dialect,
  range: DateRange,
  tables: Pick<CatalogTable, 'dataset' | 'table' | 'dateColumn'>[],
  label: string,
): SqlQuery {
  const p = new ParamBag(dialect);
  const start = p.date('range_start', range.start);
  const end = p.date('range_end', range.end);
  const branches = tables.map((t, i) => {
    const date = dialect.column(t.dateColumn);
    return `SELECT ${i} AS t, COUNT(*) AS n FROM ${dialect.table(t.dataset, t.table)} WHERE ${date} BETWEEN ${start} AND ${end}`;
  });
  return { sql: branches.join('\nUNION ALL\n'), params: p.params, label };
}
