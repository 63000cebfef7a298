// The neutral query shape both adapters execute: SQL text for one dialect plus typed, named parameters.
export type SqlParamType = 'DATE' | 'TIMESTAMP' | 'INT64' | 'FLOAT64' | 'STRING' | 'ARRAY<STRING>';

export interface SqlParam {
  type: SqlParamType;
  value: string | number | string[];
}

export interface SqlQuery {
  sql: string;
  params: Record<string, SqlParam>;
  /** The command that asked (becomes a BigQuery job label). */
  label: string;
}

/** Values as every adapter returns them: DATE 'YYYY-MM-DD', TIMESTAMP ISO 8601 UTC in milliseconds, integers as numbers. */
export type SqlValue = string | number | boolean | null;
export type SqlRow = Record<string, SqlValue>;

/** Rows, and what running the query billed where the warehouse bills per query (BigQuery). */
export interface SqlResult {
  rows: SqlRow[];
  bytesBilled?: number;
}

export interface SqlClient {
  readonly dialect: Dialect;
  query(query: SqlQuery): Promise<SqlRow[]>;
  /** The rows with the bytes the query billed; absent where nothing is billed per query (DuckDB). */
  queryBilled?(query: SqlQuery): Promise<SqlResult>;
  /** Bytes the query would scan, without running it (BigQuery dry run); absent where there is none. */
  dryRun?(query: SqlQuery): Promise<number>;
  close(): Promise<void>;
}

export interface Dialect {
  readonly name: 'duckdb' | 'bigquery';
  /** A fully qualified, quoted table reference. Names come only from the validated catalog. */
  table(dataset: string, table: string): string;
  column(name: string): string;
  /** A placeholder for a named parameter of a type. */
  param(name: string, type: SqlParamType): string;
  /** `column IN (<list parameter>)`. */
  inList(column: string, name: string): string;
  /**
   * The dataset's partition metadata view, where the warehouse has one (BigQuery's
   * INFORMATION_SCHEMA.PARTITIONS): coverage of a day-partitioned table then costs a metadata read,
   * not a scan. Null where there is none (DuckDB): every table is scanned on its date column.
   */
  partitionsTable(dataset: string): string | null;
}
