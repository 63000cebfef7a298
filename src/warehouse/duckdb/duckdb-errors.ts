import { BackfillError } from '../../domain/errors.js';

/** DuckDB's error texts, turned into our codes with the file named; nothing here deletes or rewrites the file. */
export function translateDuckdbError(error: unknown, path: string, label?: string): BackfillError {
  if (error instanceof BackfillError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split('\n')[0] ?? message;
  if (/Could not set lock|Conflicting lock/i.test(message)) {
    const pid = /PID (\d+)/.exec(message)?.[1];
    return new BackfillError(
      'WAREHOUSE_UNAVAILABLE',
      `DuckDB warehouse ${path} is locked by another process${pid ? ` (PID ${pid})` : ''}`,
      'DuckDB allows one writer per file: stop the other process (e.g. `npm start`) or point BACKFILL_DUCKDB_PATH elsewhere.',
      { cause: error },
    );
  }
  if (
    /not a valid DuckDB database|Invalid Input Error: .*database|unable to open|corrupt|checksum/i.test(
      message,
    )
  ) {
    return new BackfillError(
      'WAREHOUSE_UNAVAILABLE',
      `DuckDB warehouse ${path} cannot be opened: ${firstLine}`,
      'The file was left untouched. Recreate the demo with `backfill-bot demo init --force`, or set BACKFILL_DUCKDB_PATH.',
      { cause: error },
    );
  }
  if (/INTERRUPT/i.test(message)) {
    return new BackfillError(
      'WAREHOUSE_TIMEOUT',
      `DuckDB query (${label ?? 'query'}) was interrupted on ${path}`,
    );
  }
  return new BackfillError(
    'WAREHOUSE_QUERY_FAILED',
    `DuckDB query (${label ?? 'open'}) failed on ${path}: ${firstLine}`,
    undefined,
    { cause: error },
  );
}
