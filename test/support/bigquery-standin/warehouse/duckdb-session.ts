import { existsSync } from 'node:fs';
import {
  type DuckDBConnection,
  DuckDBInstance,
  type DuckDBResultReader,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';

export interface Bindings {
  values: Record<string, DuckDBValue>;
  types: Record<string, DuckDBType>;
}

export const NO_BINDINGS: Bindings = { values: {}, types: {} };

/** Catalog names inside the session: the served file, and the memory that holds what the stand-in makes. */
export const FILE_CATALOG = 'warehouse';
export const MEMORY_CATALOG = 'memory';

/**
 * The served DuckDB file, ATTACHed READ_ONLY to a private in-memory instance. A second READ_ONLY
 * opener of the same file in this process (the DuckDB adapter under test) works beside it; the
 * instance cache (DuckDBInstance.fromCache) is avoided on purpose: it would hand both openers ONE
 * instance, so closing the stand-in would close the other's database, and a different option set
 * fails with "Can't open a connection to same database file with a different configuration".
 * The memory catalog is writable: datasets and tables created through the API, and the rows DML
 * writes into them, live there for the stand-in's lifetime (a client restarting on it finds them).
 */
export class DuckdbSession {
  private tail: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  static async open(path: string): Promise<DuckdbSession> {
    if (!existsSync(path)) throw new Error(`BigQuery stand-in: DuckDB file ${path} does not exist`);
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run(`ATTACH '${path.replaceAll("'", "''")}' AS ${FILE_CATALOG} (READ_ONLY)`);
    return new DuckdbSession(instance, connection);
  }

  /** Runs statements one at a time on the one connection (jobs may overlap; DuckDB calls do not). */
  read(sql: string, bindings: Bindings = NO_BINDINGS): Promise<DuckDBResultReader> {
    return this.serial(() => this.connection.runAndReadAll(sql, bindings.values, bindings.types));
  }

  /** The connection to itself for one piece of work (a DML script and its transaction). */
  exclusive<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    return this.serial(() => work(this.connection));
  }

  async run(sql: string): Promise<void> {
    await this.serial(() => this.connection.run(sql));
  }

  /** Column names and types of a statement, without running it. */
  describe(sql: string): Promise<{ names: string[]; types: DuckDBType[] }> {
    return this.serial(async () => {
      const prepared = await this.connection.prepare(sql);
      try {
        const names = Array.from({ length: prepared.columnCount }, (_, i) => prepared.columnName(i));
        const types = Array.from({ length: prepared.columnCount }, (_, i) => prepared.columnType(i));
        return { names, types };
      } finally {
        prepared.destroySync();
      }
    });
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('BigQuery stand-in: closed'));
    const result = this.tail.then(work);
    this.tail = result.catch(() => {});
    return result;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.tail;
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
