import type { BigqueryType } from './bigquery-types.js';

export interface Column {
  name: string;
  type: BigqueryType;
}

export interface TableInfo {
  dataset: string;
  table: string;
  columns: Column[];
  /** Fully qualified DuckDB name. */
  duckdbName: string;
  /** The DATE column the table is day-partitioned on, if it is. */
  partitionField: string | null;
  createdMs: number;
}

export interface DatasetInfo {
  dataset: string;
  location: string;
  createdMs: number;
}
