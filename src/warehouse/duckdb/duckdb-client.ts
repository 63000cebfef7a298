import { existsSync } from 'node:fs';
import {
  type DuckDBConnection,
  type DuckDBInstance,
  type DuckDBType,
  type DuckDBValue,
  LIST,
  listValue,
  VARCHAR,
} from '@duckdb/node-api';
import { BackfillError } from '../../domain/errors.js';
import { duckdbDialect } from '../sql/dialects.js';
import type { SqlClient, SqlQuery, SqlRow, SqlValue } from '../sql/sql-query.js';
import { AccessGate } from './access-gate.js';
import { ConnectionPool } from './connection-pool.js';
import { missingWarehouse, translateDuckdbError } from './duckdb-errors.js';
import { duckdbConfig } from './duckdb-limits.js';
import { LOCK_WAIT_MS, openInstance } from './open-instance.js';
import { registerReader, type WindowReader, windowsDone } from './write-window.js';

export interface DuckdbClientOptions {
  path: string;
  readOnly?: boolean;
  /** A query running longer is interrupted and reported as a timeout. */
  timeoutMs?: number;
  /** Connections for concurrent queries (the bot answers many users at once). */
  connections?: number;
  /** DuckDB worker threads for the instance (default: DuckDB's, one per core). */
  threads?: number;
  /** DuckDB's memory_limit for the instance (default DEFAULT_DUCKDB_MEMORY_LIMIT, not DuckDB's 80% of RAM). */
  memoryLimit?: string;
  /** How long opening waits out another process's lock (a write window) before it reports the lock. */
  lockWaitMs?: number;
}

const seconds = (ms: number) => (ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`);

function toSqlValue(value: unknown, typeName: string): SqlValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date)
    return typeName === 'DATE' ? value.toISOString().slice(0, 10) : value.toISOString();
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
}

/**
 * Executes neutral queries on a DuckDB file laid out like the BigQuery project (a schema per dataset).
 * It takes part in this process's write windows on the file (write-window.ts): during one it is
 * closed, and queries arriving meanwhile wait for it to reopen instead of failing.
 */
export class DuckdbClient implements SqlClient, WindowReader {
  readonly dialect = duckdbDialect;
  private readonly gate = new AccessGate();
  private opened: { instance: DuckDBInstance; pool: ConnectionPool } | null = null;
  private opening: Promise<ConnectionPool> | null = null;
  private unregister: () => void = () => {};
  private closed = false;

  private constructor(
    private readonly path: string,
    private readonly config: Record<string, string>,
    private readonly connections: number,
    private readonly timeoutMs: number,
    private readonly lockWaitMs: number,
  ) {}

  static async open(options: DuckdbClientOptions): Promise<DuckdbClient> {
    const { path, readOnly = true, timeoutMs = 30_000, connections = 4, threads, memoryLimit } = options;
    if (readOnly && !existsSync(path)) {
      throw missingWarehouse(path);
    }
    const config = {
      ...(readOnly ? { access_mode: 'READ_ONLY' } : {}),
      ...duckdbConfig({ threads, memoryLimit }),
    };
    const client = new DuckdbClient(path, config, connections, timeoutMs, options.lockWaitMs ?? LOCK_WAIT_MS);
    // Registered first, then opened after any window under way, and as a shared turn, so a window
    // starting meanwhile waits for the open and then closes it like any other reader.
    client.unregister = registerReader(path, client);
    try {
      await windowsDone(path);
      await client.gate.shared(() => client.ready());
    } catch (error) {
      client.unregister();
      throw error;
    }
    return client;
  }

  /** The open pool, opening the file first if a write window (or a failed reopen) left it closed. */
  private ready(): Promise<ConnectionPool> {
    if (this.opened) return Promise.resolve(this.opened.pool);
    if (this.closed) {
      return Promise.reject(
        new BackfillError('WAREHOUSE_UNAVAILABLE', `DuckDB warehouse ${this.path} was closed`, undefined, {
          plain: { message: 'The warehouse was closed: the bot is stopping or restarting.' },
        }),
      );
    }
    this.opening ??= (async () => {
      const instance = await openInstance(this.path, this.config, this.lockWaitMs);
      try {
        const pool = await ConnectionPool.open(instance, this.connections);
        this.opened = { instance, pool };
        return pool;
      } catch (error) {
        instance.closeSync();
        throw translateDuckdbError(error, this.path);
      }
    })().finally(() => {
      this.opening = null;
    });
    return this.opening;
  }

  private shut(): void {
    this.opened?.pool.close();
    this.opened?.instance.closeSync();
    this.opened = null;
  }

  async query(query: SqlQuery): Promise<SqlRow[]> {
    const values: Record<string, DuckDBValue> = {};
    const types: Record<string, DuckDBType> = {};
    for (const [name, param] of Object.entries(query.params)) {
      if (Array.isArray(param.value)) {
        values[name] = listValue(param.value);
        types[name] = LIST(VARCHAR);
      } else {
        values[name] = param.value;
      }
    }
    return this.gate.shared(async () =>
      (await this.ready()).use((connection) => this.run(connection, query, values, types)),
    );
  }

  /** Waits for running queries, closes the file, runs `work`, reopens it; queries meanwhile wait. */
  whileClosed<T>(work: () => Promise<T>): Promise<T> {
    return this.gate.alone(async () => {
      this.shut();
      try {
        return await work();
      } finally {
        // A reopen that fails is retried by the next query, which then reports why.
        if (!this.closed) await this.ready().catch(() => {});
      }
    });
  }

  private async run(
    connection: DuckDBConnection,
    query: SqlQuery,
    values: Record<string, DuckDBValue>,
    types: Record<string, DuckDBType>,
  ): Promise<SqlRow[]> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        connection.interrupt();
        reject(
          new BackfillError(
            'WAREHOUSE_TIMEOUT',
            `DuckDB query (${query.label}) ran past ${this.timeoutMs} ms on ${this.path}`,
            undefined,
            {
              plain: {
                message: `The warehouse took longer than ${seconds(this.timeoutMs)} to answer (${query.label}).`,
                hint: 'Try a narrower range, or again in a minute.',
              },
            },
          ),
        );
      }, this.timeoutMs);
    });
    try {
      const reader = await Promise.race([connection.runAndReadAll(query.sql, values, types), timeout]);
      const typeNames = reader.columnTypes().map((t) => t.toString());
      const names = reader.columnNames();
      return reader.getRowsJS().map((row) => {
        const out: SqlRow = {};
        names.forEach((name, i) => {
          out[name] = toSqlValue(row[i], typeNames[i] ?? '');
        });
        return out;
      });
    } catch (error) {
      throw translateDuckdbError(error, this.path, query.label);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.unregister();
    await this.gate.alone(async () => this.shut());
  }
}
