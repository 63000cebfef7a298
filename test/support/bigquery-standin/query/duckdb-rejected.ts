import { BigqueryError, invalidQuery } from '../bigquery-error.js';

/**
 * A DuckDB error on the translated SQL, as BigQuery's invalidQuery. Unknown names get BigQuery's
 * wording; anything else keeps DuckDB's first line, marked as coming from the stand-in.
 */
export function duckdbRejected(error: unknown): BigqueryError {
  if (error instanceof BigqueryError) return error;
  const text = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
  const column =
    /Referenced column "([^"]+)" not found/.exec(text) ??
    /Column "([^"]+)" referenced that exists in the SELECT clause/.exec(text);
  if (column) return invalidQuery(`Unrecognized name: ${column[1]}`);
  return invalidQuery(`stand-in: DuckDB rejected the translated query: ${text}`);
}
