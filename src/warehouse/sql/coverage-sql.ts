import type { Catalog, CatalogTable } from '../../config/catalog-schema.js';
import type { DateRange } from '../../domain/dates.js';
import { ParamBag } from './param-bag.js';
import type { Dialect, SqlQuery } from './sql-query.js';

/** Row tag of the expected (schedule) dates; table i of the request is tagged i + 1. */
export const EXPECTED_TAG = 0;

/**
 * Expected dates and every table's present dates over a range, in ONE query: each branch reads only
 * a date column with a range filter (partition pruning on BigQuery), grouped to one row per date.
 */
export function coverageSql(
  catalog: Catalog,
  dialect: Dialect,
  range: DateRange,
  tables: CatalogTable[],
  label: string,
): SqlQuery {
  const p = new ParamBag(dialect);
  const start = p.date('range_start', range.start);
  const end = p.date('range_end', range.end);
  const s = catalog.schedule;
  const schedDate = dialect.column(s.dateColumn);
  const branches = [
    `SELECT ${EXPECTED_TAG} AS t, ${schedDate} AS d FROM ${dialect.table(s.dataset, s.table)}` +
      ` WHERE ${dialect.column(s.statusColumn)} = ${p.int('final_status', s.finalStatus)}` +
      ` AND ${schedDate} BETWEEN ${start} AND ${end} GROUP BY ${schedDate}`,
    ...tables.map((table, i) => {
      const date = dialect.column(table.dateColumn);
      return (
        `SELECT ${i + 1} AS t, ${date} AS d FROM ${dialect.table(table.dataset, table.table)}` +
        ` WHERE ${date} BETWEEN ${start} AND ${end} GROUP BY ${date}`
      );
    }),
  ];
  return { sql: branches.join('\nUNION ALL\n'), params: p.params, label };
}
