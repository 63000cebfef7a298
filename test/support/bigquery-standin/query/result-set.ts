import type { DuckDBResultReader } from '@duckdb/node-api';
import { bigqueryType, type Field } from '../warehouse/bigquery-types.js';

/** A finished query's rows, each value already in BigQuery's wire text except TIMESTAMPs (microseconds). */
export interface ResultSet {
  fields: Field[];
  rows: (string | null)[][];
}

/** How TIMESTAMP values travel: the client asks for int64 microseconds (`useInt64Timestamp`). */
export type TimestampFormat = 'int64' | 'float' | 'iso';

function micros(value: unknown): bigint {
  const v = value as { micros?: bigint; millis?: bigint; seconds?: bigint; nanos?: bigint };
  if (typeof v.micros === 'bigint') return v.micros;
  if (typeof v.millis === 'bigint') return v.millis * 1000n;
  if (typeof v.seconds === 'bigint') return v.seconds * 1_000_000n;
  if (typeof v.nanos === 'bigint') return v.nanos / 1000n;
  throw new Error(`BigQuery stand-in: not a timestamp: ${String(value)}`);
}

function wireText(value: unknown, field: Field): string | null {
  if (value === null || value === undefined) return null;
  switch (field.type) {
    case 'TIMESTAMP':
      return String(micros(value));
    case 'BOOLEAN':
      return value ? 'true' : 'false';
    default:
      // INT64 and FLOAT64 travel as strings; DATE and NUMERIC print as BigQuery writes them.
      return String(value);
  }
}

export function readResultSet(reader: DuckDBResultReader): ResultSet {
  const names = reader.columnNames();
  const fields: Field[] = reader.columnTypes().map((t, i) => ({
    name: names[i] ?? `f${i}_`,
    type: bigqueryType(t.toString(), `result column ${names[i]}`),
    mode: 'NULLABLE',
  }));
  const rows = reader.getRows().map((row) => row.map((v, i) => wireText(v, fields[i] as Field)));
  return { fields, rows };
}

/** A TIMESTAMP in the requested wire format: int64 micros, float seconds ('1.7040672E9'), or ISO 8601. */
export function timestampText(microsText: string, format: TimestampFormat): string {
  if (format === 'int64') return microsText;
  const us = BigInt(microsText);
  if (format === 'float') {
    return (Number(us) / 1e6).toExponential().replace('e+', 'E').replace('e-', 'E-');
  }
  const seconds = us / 1_000_000n - (us % 1_000_000n < 0n ? 1n : 0n);
  const fraction = ((us % 1_000_000n) + 1_000_000n) % 1_000_000n;
  const iso = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  return `${iso}.${String(fraction).padStart(6, '0')}Z`;
}

/** Rows [start, end) as `{f: [{v}]}`. */
export function rowsJson(result: ResultSet, start: number, end: number, format: TimestampFormat) {
  return result.rows.slice(start, end).map((row) => ({
    f: row.map((v, i) => ({
      v: v !== null && result.fields[i]?.type === 'TIMESTAMP' ? timestampText(v, format) : v,
    })),
  }));
}

// BigQuery ends a page at about 10 MB of response when maxResults does not end it sooner.
const PAGE_BYTES = 10 * 1024 * 1024;

/** Where the page starting at `start` ends: at maxResults rows or ~10 MB, whichever comes first. */
export function pageEnd(result: ResultSet, start: number, maxResults: number | null): number {
  const limit = maxResults === null ? result.rows.length : Math.min(result.rows.length, start + maxResults);
  let bytes = 0;
  for (let i = start; i < limit; i++) {
    bytes += JSON.stringify(result.rows[i]).length;
    if (bytes > PAGE_BYTES && i > start) return i;
  }
  return limit;
}
