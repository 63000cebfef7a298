import { BackfillError } from '../../domain/errors.js';
import { translateDuckdbError } from '../../warehouse/duckdb/duckdb-errors.js';
import { StoreError } from '../store-error.js';

// The warehouse's translation knows DuckDB's texts; its wording and hints name the warehouse file and
// BACKFILL_DUCKDB_PATH, which would send the reader to the wrong file, so those are restated here.
const HINTS: [RegExp, string][] = [
  [
    /is locked by another process/,
    'DuckDB allows one process per file: stop the other bot (e.g. `npm start`) or give this one another state file.',
  ],
  [
    /cannot be opened/,
    'The file was left untouched. Move it aside to start with an empty state (its decisions and audit log stay in it).',
  ],
];

/**
 * A DuckDB failure on the state file, with the file named, as a StoreError: a locked or unreadable
 * file is STORE_UNAVAILABLE there (see storeCode), not the warehouse's code. Its plain words (for a
 * Slack user) speak of the state store, without the path. Our own errors pass through.
 */
export function translateStoreError(error: unknown, path: string, label?: string): BackfillError {
  if (error instanceof BackfillError) return error;
  const translated = translateDuckdbError(error, path, label, 'state store');
  const message = translated.message.replace(/^DuckDB warehouse /, 'DuckDB state store ');
  const hint = HINTS.find(([pattern]) => pattern.test(message))?.[1] ?? translated.hint;
  return new StoreError(translated.code, message, hint, {
    cause: error,
    ...(translated.plain ? { plain: translated.plain } : {}),
  });
}
