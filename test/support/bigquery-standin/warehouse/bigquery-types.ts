import { unsupported } from '../bigquery-error.js';

/** Column types as the BigQuery REST API names them in a schema. */
export type BigqueryType = 'INTEGER' | 'FLOAT' | 'NUMERIC' | 'BOOLEAN' | 'STRING' | 'DATE' | 'TIMESTAMP';

export interface Field {
  name: string;
  type: BigqueryType;
  mode: 'NULLABLE';
}

const INTEGERS = /^(U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT))$/;

/** The BigQuery type of a DuckDB type (as DuckDB prints it); `NULL` is an untyped NULL, INT64 in BigQuery. */
export function bigqueryType(duckdbType: string, what: string): BigqueryType {
  const t = duckdbType.toUpperCase();
  if (INTEGERS.test(t) || t === 'NULL' || t === '"NULL"') return 'INTEGER';
  if (t === 'DOUBLE' || t === 'FLOAT') return 'FLOAT';
  if (t.startsWith('DECIMAL')) return 'NUMERIC';
  if (t === 'BOOLEAN') return 'BOOLEAN';
  if (t === 'VARCHAR') return 'STRING';
  if (t === 'DATE') return 'DATE';
  if (t.startsWith('TIMESTAMP')) return 'TIMESTAMP';
  throw unsupported(`DuckDB type ${duckdbType} (${what}) has no BigQuery counterpart here`);
}

/** DDL for a column BigQuery's tables.insert declares (accepting the legacy and the GoogleSQL names). */
export function duckdbDdlType(type: string): string | null {
  const ddl: Record<string, string> = {
    INTEGER: 'BIGINT',
    INT64: 'BIGINT',
    FLOAT: 'DOUBLE',
    FLOAT64: 'DOUBLE',
    NUMERIC: 'DECIMAL(38, 9)',
    BOOLEAN: 'BOOLEAN',
    BOOL: 'BOOLEAN',
    STRING: 'VARCHAR',
    DATE: 'DATE',
    TIMESTAMP: 'TIMESTAMP',
  };
  return ddl[type.toUpperCase()] ?? null;
}

/** Bytes BigQuery counts per value of a fixed-width type; STRING is 2 + its UTF-8 length. */
export const FIXED_WIDTH: Record<Exclude<BigqueryType, 'STRING'>, number> = {
  INTEGER: 8,
  FLOAT: 8,
  NUMERIC: 16,
  BOOLEAN: 1,
  DATE: 8,
  TIMESTAMP: 8,
};

/**
 * A SQL expression (over the rows of one table) for the bytes BigQuery bills to read `columns`:
 * every row counts each fixed-width column at its width and each STRING at 2 + its length.
 */
export function bytesSql(columns: { name: string; type: BigqueryType }[]): string {
  const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
  const fixed = columns.reduce((sum, c) => sum + (c.type === 'STRING' ? 2 : FIXED_WIDTH[c.type]), 0);
  const strings = columns
    .filter((c) => c.type === 'STRING')
    .map((c) => `coalesce(sum(strlen(${quote(c.name)})), 0)`);
  return [`count(*) * ${fixed}`, ...strings].join(' + ');
}
