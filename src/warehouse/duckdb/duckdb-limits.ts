/**
 * DuckDB's own default memory_limit is 80% of the machine's memory, for each instance, and its
 * threads one per core: a bot under load would take the host's memory for buffers it could do
 * without. Every instance the bot opens (the warehouse, the state store, a write window) is given a
 * limit instead: BACKFILL_DUCKDB_MEMORY_LIMIT, this by default. A query that needs more fails with
 * DuckDB's Out of Memory Error (told to the user as "ran out of memory") rather than growing the process.
 */
export const DEFAULT_DUCKDB_MEMORY_LIMIT = '512MB';

export interface DuckdbLimits {
  /** DuckDB's memory_limit, e.g. '512MB' (validated in src/config/env.ts). */
  memoryLimit?: string;
  /** DuckDB worker threads for the instance; unset: DuckDB's, one per core. */
  threads?: number;
}

/** The instance config that applies the limits (DuckDBInstance.create's options are strings). */
export function duckdbConfig(limits: DuckdbLimits = {}): Record<string, string> {
  return {
    memory_limit: limits.memoryLimit ?? DEFAULT_DUCKDB_MEMORY_LIMIT,
    ...(limits.threads ? { threads: String(limits.threads) } : {}),
  };
}
