import { DuckDBInstance } from '@duckdb/node-api';
import { translateDuckdbError } from './duckdb-errors.js';

/**
 * How long an open waits out another process's lock on the file. The bot holds the demo warehouse
 * read-write only for the pipeline simulator's short write windows (tens of milliseconds, see
 * write-window.ts), so a CLI read that lands in one waits instead of failing; a file held longer
 * (demo fill, a second bot) is reported as locked once this has passed.
 */
export const LOCK_WAIT_MS = 3_000;

const RETRY_MS = [10, 20, 40, 80, 100];

export const isLockError = (error: unknown): boolean =>
  /Could not set lock|Conflicting lock/i.test(error instanceof Error ? error.message : String(error));

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Opens a DuckDB file, retrying another process's lock for up to `lockWaitMs`; errors come translated. */
export async function openInstance(
  path: string,
  config: Record<string, string>,
  lockWaitMs = LOCK_WAIT_MS,
): Promise<DuckDBInstance> {
  const deadline = performance.now() + lockWaitMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await DuckDBInstance.create(path, config);
    } catch (error) {
      const wait = RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)] ?? 100;
      if (!isLockError(error) || performance.now() + wait > deadline) throw translateDuckdbError(error, path);
      await sleep(wait);
    }
  }
}
