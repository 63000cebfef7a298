import type { Dialect, SqlParamType } from './sql-query.js';

const DUCKDB_TYPES: Record<SqlParamType, string> = {
  DATE: 'DATE',
  TIMESTAMP: 'TIMESTAMP',
  INT64: 'BIGINT',
  FLOAT64: 'DOUBLE',
  STRING: 'VARCHAR',
  'ARRAY<STRING>': 'VARCHAR[]',
};

export const duckdbDialect: Dialect = {
  name: 'duckdb',
  table: (dataset, table) => `"${dataset}"."${table}"`,
  column: (name) => `"${name}"`,
  param: (name, type) => `CAST($${name} AS ${DUCKDB_TYPES[type]})`,
  inList: (column, name) => `list_contains(CAST($${name} AS VARCHAR[]), ${column})`,
  partitionsTable: () => null,
};

export function bigqueryDialect(project: string): Dialect {
  return {
    name: 'bigquery',
    table: (dataset, table) => `\`${project}.${dataset}.${table}\``,
    column: (name) => `\`${name}\``,
    param: (name) => `@${name}`,
    inList: (column, name) => `${column} IN UNNEST(@${name})`,
    partitionsTable: (dataset) => `\`${project}.${dataset}.INFORMATION_SCHEMA.PARTITIONS\``,
  };
}
