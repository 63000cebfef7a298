import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { missingWarehouse, translateDuckdbError } from './duckdb-errors.js';
import { type DuckdbLimits, duckdbConfig } from './duckdb-limits.js';
import { isLockError, sleep } from './open-instance.js';

/**
 * Write windows on a DuckDB file that this process otherwise only reads. DuckDB lets one process
 * write a file, and its lock is a per-process file lock (POSIX): it keeps other processes out, but
 * not a second instance in this process, which opens the file read-write beside our read-only one
 * (tested: it succeeds) and leaves that one reading a file that changes under it; and closing any
 * second instance drops the lock the first one holds (tested: another process may then write). So
 * inside the process the coordination is ours: every client of the file registers here, and a
 * window closes them all (their queries wait), opens the file read-write, runs the work,
 * CHECKPOINTs, closes it, and reopens them. Other processes (the CLI) meet the lock while the
 * window is open and wait it out (open-instance.ts). Windows on one file run one at a time.
 */
export interface WindowReader {
  /** Closes the reader's instance (after its running queries), runs `work`, reopens it. */
  whileClosed<T>(work: () => Promise<T>): Promise<T>;
}

export interface WriteWindow<T> {
  value: T;
  /** How long the file was held read-write: what a CLI open landing in the window waits at most. */
  writeMs: number;
  /** How long this process's readers were closed: what a query arriving meanwhile waited at most. */
  pausedMs: number;
  /** Windows tried: another process's reader makes the read-write open fail, and it is tried again. */
  attempts: number;
}

/** How long a window keeps trying when other processes hold the file (each try reopens the readers between). */
export const WRITE_WAIT_MS = 5_000;

const readers = new Map<string, Set<WindowReader>>();
const windows = new Map<string, Promise<unknown>>();

/** Registers an in-process client of the file; the returned function unregisters it. */
export function registerReader(path: string, reader: WindowReader): () => void {
  const key = resolve(path);
  const set = readers.get(key) ?? new Set<WindowReader>();
  set.add(reader);
  readers.set(key, set);
  return () => {
    set.delete(reader);
    if (set.size === 0 && readers.get(key) === set) readers.delete(key);
  };
}

/**
 * Resolves once the windows on the file begun or queued so far are over. A reader that registered
 * opens only after them: a window snapshots the readers when it starts, so one that started before
 * could not close it, and in-process nothing else would keep it out of the file while it is written.
 */
export function windowsDone(path: string): Promise<void> {
  return (windows.get(resolve(path)) ?? Promise.resolve()).then(() => {});
}

class Busy extends Error {}

/** Runs `work` on a read-write connection to the file, in a window (see above). The transaction is the work's. */
export function withWriteWindow<T>(
  path: string,
  work: (connection: DuckDBConnection) => Promise<T>,
  waitMs = WRITE_WAIT_MS,
  limits: DuckdbLimits = {},
): Promise<WriteWindow<T>> {
  // Opening read-write would create it: an empty file the demo would then never be generated into.
  if (!existsSync(path)) {
    return Promise.reject(missingWarehouse(path));
  }
  const key = resolve(path);
  const config = duckdbConfig(limits);
  const run = (windows.get(key) ?? Promise.resolve()).then(() => tryWindows(path, key, work, waitMs, config));
  windows.set(
    key,
    run.catch(() => {}),
  );
  return run;
}

async function tryWindows<T>(
  path: string,
  key: string,
  work: (connection: DuckDBConnection) => Promise<T>,
  waitMs: number,
  config: Record<string, string>,
): Promise<WriteWindow<T>> {
  const deadline = performance.now() + waitMs;
  for (let attempts = 1; ; attempts++) {
    try {
      return { ...(await openWindow(path, key, work, config)), attempts };
    } catch (error) {
      if (!(error instanceof Busy)) throw error;
      const wait = Math.min(25 * 2 ** attempts, 400);
      if (performance.now() + wait > deadline) throw translateDuckdbError(error.cause, path);
      await sleep(wait);
    }
  }
}

async function openWindow<T>(
  path: string,
  key: string,
  work: (connection: DuckDBConnection) => Promise<T>,
  config: Record<string, string>,
): Promise<Omit<WriteWindow<T>, 'attempts'>> {
  let closedAt = 0;
  let writeMs = 0;
  const inWindow = async (): Promise<T> => {
    closedAt = performance.now();
    const instance = await DuckDBInstance.create(path, config).catch((error: unknown) => {
      throw isLockError(error) ? new Busy('busy', { cause: error }) : translateDuckdbError(error, path);
    });
    try {
      const connection = await instance.connect();
      try {
        const value = await work(connection);
        await connection.run('CHECKPOINT');
        return value;
      } finally {
        connection.closeSync();
      }
    } finally {
      instance.closeSync();
      writeMs = performance.now() - closedAt;
    }
  };
  const nested = [...(readers.get(key) ?? [])].reduceRight<() => Promise<T>>(
    (next, reader) => () => reader.whileClosed(next),
    inWindow,
  );
  const value = await nested();
  return { value, writeMs, pausedMs: performance.now() - closedAt };
}
