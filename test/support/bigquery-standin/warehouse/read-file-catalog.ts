import { quoteIdent } from '../sql/to-duckdb.js';
import { bigqueryType } from './bigquery-types.js';
import { type DuckdbSession, FILE_CATALOG } from './duckdb-session.js';
import type { DatasetInfo, TableInfo } from './table-info.js';

/** The served file's schemas as datasets (empty ones too; `main` only if it holds tables) and their tables. */
export async function readFileCatalog(
  session: DuckdbSession,
  loadedMs: number,
): Promise<{ datasets: DatasetInfo[]; tables: TableInfo[] }> {
  const rows = async <T>(sql: string) => (await session.read(sql)).getRowObjectsJS() as T[];
  const where = `WHERE database_name = '${FILE_CATALOG}'`;
  const tableRows = await rows<{ schema_name: string; table_name: string }>(
    `SELECT schema_name, table_name FROM duckdb_tables() ${where} ORDER BY 1, 2`,
  );
  const columnRows = await rows<{
    schema_name: string;
    table_name: string;
    column_name: string;
    data_type: string;
  }>(
    `SELECT schema_name, table_name, column_name, data_type FROM duckdb_columns() ${where} ORDER BY schema_name, table_name, column_index`,
  );
  const schemaRows = await rows<{ schema_name: string }>(
    `SELECT schema_name FROM duckdb_schemas() ${where} AND NOT internal`,
  );
  const tables = tableRows.map(
    (t): TableInfo => ({
      dataset: t.schema_name,
      table: t.table_name,
      columns: columnRows
        .filter((c) => c.schema_name === t.schema_name && c.table_name === t.table_name)
        .map((c) => ({
          name: c.column_name,
          type: bigqueryType(c.data_type, `${t.schema_name}.${t.table_name}.${c.column_name}`),
        })),
      duckdbName: [FILE_CATALOG, t.schema_name, t.table_name].map(quoteIdent).join('.'),
      partitionField: null,
      createdMs: loadedMs,
    }),
  );
  const datasets = schemaRows
    .map((s) => s.schema_name)
    .filter((name) => name !== 'main' || tables.some((t) => t.dataset === 'main'))
    .map((dataset): DatasetInfo => ({ dataset, location: 'US', createdMs: loadedMs }));
  return { datasets, tables };
}
