import type { Catalog } from '../../config/catalog-schema.js';
import type { DateRange } from '../../domain/dates.js';
import type { ParamBag } from './param-bag.js';
import type { Dialect } from './sql-query.js';

export type RunHistoryColumn = keyof Catalog['runHistory']['columns'];

/** The run history table, its quoted columns, and the WHERE for a range and (optionally) processors. */
export function runHistoryScope(
  catalog: Catalog,
  dialect: Dialect,
  p: ParamBag,
  range: DateRange,
  processors: string[] | null,
) {
  const rh = catalog.runHistory;
  const c = (name: RunHistoryColumn) => dialect.column(rh.columns[name]);
  const filters = [
    `${c('date')} BETWEEN ${p.date('range_start', range.start)} AND ${p.date('range_end', range.end)}`,
  ];
  if (processors) filters.push(p.inList(c('processor'), 'processors', processors));
  return { c, table: dialect.table(rh.dataset, rh.table), where: filters.join(' AND ') };
}
