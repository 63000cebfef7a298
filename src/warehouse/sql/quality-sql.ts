import type { Catalog, CatalogTable } from '../../config/catalog-schema.js';
import type { DateRange } from '../../domain/dates.js';
import { ParamBag } from './param-bag.js';
import type { Dialect, SqlQuery } from './sql-query.js';

/**
 * The seeds' quality-bucket query for every table with a quality column, in one query. Buckets are
 * tested in catalog order (highest first); a NULL score falls in the last bucket, as in the seeds' ELSE.
 */
export function qualitySql(
  catalog: Catalog,
  dialect: Dialect,
  range: DateRange,
  tables: CatalogTable[],
  label: string,
): SqlQuery {
  const p = new ParamBag(dialect);
  const start = p.date('range_start', range.start);
  const end = p.date('range_end', range.end);
  const buckets = catalog.qualityBuckets;
  // The last bucket is the ELSE branch: it needs no threshold.
  const mins = buckets.slice(0, -1).map((b, i) => p.add(`bucket_min_${i}`, 'FLOAT64', b.min));
  const branches = tables.map((table, t) => {
    const q = dialect.column(table.qualityColumn ?? '');
    const whens = buckets
      .slice(0, -1)
      .map((_, i) => `WHEN ${q} >= ${mins[i]} THEN ${i}`)
      .join(' ');
    const bucket = whens ? `CASE ${whens} ELSE ${buckets.length - 1} END` : '0';
    const date = dialect.column(table.dateColumn);
    return (
      `SELECT ${t} AS t, ${bucket} AS bucket, COUNT(*) AS records` +
      ` FROM ${dialect.table(table.dataset, table.table)} WHERE ${date} BETWEEN ${start} AND ${end} GROUP BY 1, 2`
    );
  });
  return { sql: branches.join('\nUNION ALL\n'), params: p.params, label };
}
