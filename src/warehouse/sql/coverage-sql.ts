import type { Catalog, CatalogTable } from '../../config/catalog-schema.js';
import type { DateRange } from '../../domain/dates.js';
import { ParamBag } from './param-bag.js';
import type { Dialect, SqlQuery } from './sql-query.js';

/** Row tag of the expected (schedule) dates; table i of the request is tagged i + 1. */
export const EXPECTED_TAG = 0;

/** Row tag of the scheduled (not yet final) dates, asked with `scheduled`: after every table's tag. */
export const scheduledTag = (tables: CatalogTable[]): number => tables.length + 1;

export type CoveragePath = 'partition-metadata' | 'date-scan';

/** How coverage reads a table: partition metadata where the table and the warehouse allow it. */
export function coveragePath(dialect: Dialect, table: CatalogTable): CoveragePath {
  return table.partitioned && dialect.partitionsTable(table.dataset) !== null
    ? 'partition-metadata'
    : 'date-scan';
}

const yyyymmdd = (date: string) => date.replaceAll('-', '');

/**
 * Expected dates and every table's present dates over a range, in ONE query. Day-partitioned tables
 * are read from partition metadata (one branch per dataset: cost follows partitions, not rows);
 * the others scan only their date column with a range filter, grouped to one row per date.
 */
export function coverageSql(
  catalog: Catalog,
  dialect: Dialect,
  range: DateRange,
  tables: CatalogTable[],
  label: string,
  options: { expected?: boolean; scheduled?: boolean } = {},
): SqlQuery {
  const p = new ParamBag(dialect);
  const start = p.date('range_start', range.start);
  const end = p.date('range_end', range.end);
  const s = catalog.schedule;
  const schedDate = dialect.column(s.dateColumn);
  const branches: string[] = [];
  // Without the expected dates: a table's own cost, for --explain.
  if (options.expected !== false) {
    branches.push(
      `SELECT ${EXPECTED_TAG} AS t, ${schedDate} AS d FROM ${dialect.table(s.dataset, s.table)}` +
        ` WHERE ${dialect.column(s.statusColumn)} = ${p.int('final_status', s.finalStatus)}` +
        ` AND ${schedDate} BETWEEN ${start} AND ${end} GROUP BY ${schedDate}`,
    );
  }
  // Dates with a game not final yet (the rest of a running season): what a heatmap draws as future.
  if (options.scheduled) {
    branches.push(
      `SELECT ${scheduledTag(tables)} AS t, ${schedDate} AS d FROM ${dialect.table(s.dataset, s.table)}` +
        ` WHERE ${dialect.column(s.statusColumn)} <> ${p.int('final_status', s.finalStatus)}` +
        ` AND ${schedDate} BETWEEN ${start} AND ${end} GROUP BY ${schedDate}`,
    );
  }
  const tagged = tables.map((table, i) => ({ table, tag: i + 1 }));
  for (const { table, tag } of tagged.filter(({ table }) => coveragePath(dialect, table) === 'date-scan')) {
    const date = dialect.column(table.dateColumn);
    branches.push(
      `SELECT ${tag} AS t, ${date} AS d FROM ${dialect.table(table.dataset, table.table)}` +
        ` WHERE ${date} BETWEEN ${start} AND ${end} GROUP BY ${date}`,
    );
  }
  const viaMetadata = tagged.filter(({ table }) => coveragePath(dialect, table) === 'partition-metadata');
  const datasets = [...new Set(viaMetadata.map(({ table }) => table.dataset))];
  if (datasets.length) {
    const partStart = p.string('partition_start', yyyymmdd(range.start));
    const partEnd = p.string('partition_end', yyyymmdd(range.end));
    datasets.forEach((dataset, i) => {
      const inDataset = viaMetadata.filter(({ table }) => table.dataset === dataset);
      // Table names are catalog identifiers (validated), so they can stand as literals in the CASE.
      const tag = `CASE ${inDataset.map(({ table, tag }) => `WHEN table_name = '${table.table}' THEN ${tag}`).join(' ')} END`;
      const names = p.inList(
        'table_name',
        `partitioned_tables_${i}`,
        inDataset.map(({ table }) => table.table),
      );
      branches.push(
        `SELECT ${tag} AS t, PARSE_DATE('%Y%m%d', partition_id) AS d FROM ${dialect.partitionsTable(dataset)}` +
          ` WHERE ${names} AND partition_id BETWEEN ${partStart} AND ${partEnd} AND total_rows > 0`,
      );
    });
  }
  return { sql: branches.join('\nUNION ALL\n'), params: p.params, label };
}
