import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import { dateValue, timestampValue } from '@duckdb/node-api';
import { daysBetween, type IsoDate } from '../domain/dates.js';

// The appender is the fast path for the plan's small tables (thousands of rows, not millions).
export type Cell = (appender: DuckDBAppender) => void;

export const epochDay = (date: IsoDate): number => daysBetween('1970-01-01', date);

export const int =
  (v: number): Cell =>
  (a) =>
    a.appendInteger(v);
export const double =
  (v: number): Cell =>
  (a) =>
    a.appendDouble(v);
export const bool =
  (v: boolean): Cell =>
  (a) =>
    a.appendBoolean(v);
export const text =
  (v: string | null): Cell =>
  (a) =>
    v === null ? a.appendNull() : a.appendVarchar(v);
export const date =
  (v: IsoDate): Cell =>
  (a) =>
    a.appendDate(dateValue(epochDay(v)));
export const timestamp =
  (micros: bigint): Cell =>
  (a) =>
    a.appendTimestamp(timestampValue(micros));

/** Appends rows to `table` (in `schema`; temp tables live in catalog `temp`, schema `main`). */
export async function appendRows(
  connection: DuckDBConnection,
  table: string,
  rows: Iterable<Cell[]>,
  schema: string,
  catalog?: string,
): Promise<void> {
  const appender = await connection.createAppender(table, schema, catalog ?? null);
  try {
    for (const row of rows) {
      for (const cell of row) cell(appender);
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}
