import type { CatalogTable } from '../../config/catalog-schema.js';
import type { IsoDate } from '../../domain/dates.js';
import { ParamBag } from './param-bag.js';
import type { Dialect, SqlQuery } from './sql-query.js';

/**
 * Rows per table dated before its cutoff (table i tagged i), counted as the seeds' cleanup check
 * does: `WHERE game_date < CURRENT_DATE() - INTERVAL 7 DAY`, with the cutoff computed by the caller.
 */
export function staleRowsSql(
  dialect: Dialect,
  cutoffs: { table: Pick<CatalogTable, 'dataset' | 'table' | 'dateColumn'>; before: IsoDate }[],
  label: string,
): SqlQuery {
  const p = new ParamBag(dialect);
  const branches = cutoffs.map(({ table: t, before }, i) => {
    const cutoff = p.date(`before_${i}`, before);
    return `SELECT ${i} AS t, COUNT(*) AS n FROM ${dialect.table(t.dataset, t.table)} WHERE ${dialect.column(t.dateColumn)} < ${cutoff}`;
  });
  return { sql: branches.join('\nUNION ALL\n'), params: p.params, label };
}
