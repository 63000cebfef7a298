import { quoteIdent, quoteString } from '../sql/to-duckdb.js';
import { bytesSql } from './bigquery-types.js';
import { type DuckdbSession, MEMORY_CATALOG } from './duckdb-session.js';
import type { TableInfo } from './table-info.js';

/** The memory schema holding one materialised `INFORMATION_SCHEMA.PARTITIONS` per dataset. */
export const PARTITIONS_SCHEMA = '"__standin_partitions"';

/** When a partition has no `processed_at` to date it: fixed, so runs compare equal. */
export const FIXED_LAST_MODIFIED = '2020-01-01 00:00:00';

const COLUMNS: [string, string][] = [
  ['table_catalog', 'VARCHAR'],
  ['table_schema', 'VARCHAR'],
  ['table_name', 'VARCHAR'],
  ['partition_id', 'VARCHAR'],
  ['total_rows', 'BIGINT'],
  ['total_logical_bytes', 'BIGINT'],
  ['total_billable_bytes', 'BIGINT'],
  ['last_modified_time', 'TIMESTAMP'],
  ['storage_tier', 'VARCHAR'],
];

export const PARTITIONS_COLUMNS = COLUMNS.map(([name]) => name);

/**
 * `dataset.INFORMATION_SCHEMA.PARTITIONS` from the data: for a day-partitioned table one row per date
 * (partition_id YYYYMMDD; rows with a NULL date in `__NULL__`), for any other table a single row
 * with partition_id NULL, as BigQuery lists unpartitioned tables. last_modified_time is the latest
 * `processed_at` of the partition when the table has that TIMESTAMP column, else a fixed time.
 */
export async function buildPartitionsTable(
  session: DuckdbSession,
  project: string,
  dataset: string,
  tables: TableInfo[],
): Promise<string> {
  const name = `${MEMORY_CATALOG}.${PARTITIONS_SCHEMA}.${quoteIdent(dataset)}`;
  await session.run(`CREATE OR REPLACE TABLE ${name} (${COLUMNS.map((c) => c.join(' ')).join(', ')})`);
  for (const t of tables) {
    const stamped = t.columns.some((c) => c.name === 'processed_at' && c.type === 'TIMESTAMP');
    const modified = stamped
      ? `coalesce(max("processed_at"), TIMESTAMP '${FIXED_LAST_MODIFIED}')`
      : `TIMESTAMP '${FIXED_LAST_MODIFIED}'`;
    const partition = t.partitionField
      ? `coalesce(strftime(${quoteIdent(t.partitionField)}, '%Y%m%d'), '__NULL__')`
      : 'CAST(NULL AS VARCHAR)';
    const bytes = bytesSql(t.columns);
    await session.run(
      `INSERT INTO ${name} SELECT ${quoteString(project)}, ${quoteString(dataset)}, ${quoteString(t.table)}, ` +
        `${partition}, count(*), ${bytes}, ${bytes}, ${modified}, 'ACTIVE' FROM ${t.duckdbName}` +
        (t.partitionField ? ' GROUP BY 4' : ''),
    );
  }
  return name;
}
