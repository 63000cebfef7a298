import { existsSync } from 'node:fs';
import {
  type DuckDBConnection,
  DuckDBInstance,
  type DuckDBType,
  type DuckDBValue,
  LIST,
  listValue,
  VARCHAR,
} from '@duckdb/node-api';
import { BackfillError } from '../../domain/errors.js';
import { duckdbDialect } from '../sql/dialects.js';
import type { SqlClient, SqlQuery, SqlRow, SqlValue } from '../sql/sql-query.js';
import { ConnectionPool } from './connection-pool.js';
import { translateDuckdbError } from './duckdb-errors.js';

export interface DuckdbClientOptions {
  path: string;
  readOnly?: boolean;
  /** A query running longer is interrupted and reported as a timeout. */
  timeoutMs?: number;
  /** Connections for concurrent queries (the bot answers many users at once). */
  connections?: number;
  /** DuckDB worker threads per query (default: DuckDB's, one per core). */
  threads?: number;
}

function toSqlValue(value: unknown, typeName: string): SqlValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date)
    return typeName === 'DATE' ? value.toISOString().slice(0, 10) : value.toISOString();
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
}

/** Executes neutral queries on a DuckDB file laid out like the BigQuery project (a schema per dataset). */
export class DuckdbClient implements SqlClient {
  readonly dialect = duckdbDialect;

  private constructor(
    private readonly path: string,
    private readonly instance: DuckDBInstance,
    private readonly pool: ConnectionPool,
    private readonly timeoutMs: number,
  ) {}

  static async open(options: DuckdbClientOptions): Promise<DuckdbClient> {
    const { path, readOnly = true, timeoutMs = 30_000, connections = 4, threads } = options;
    if (readOnly && !existsSync(path)) {
      throw new BackfillError('WAREHOUSE_UNAVAILABLE', `DuckDB warehouse ${path} does not exist`);
    }
    try {
      const instance = await DuckDBInstance.create(path, {
        ...(readOnly ? { access_mode: 'READ_ONLY' } : {}),
        ...(threads ? { threads: String(threads) } : {}),
      });
      return new DuckdbClient(path, instance, await ConnectionPool.open(instance, connections), timeoutMs);
    } catch (error) {
      throw translateDuckdbError(error, path);
    }
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
    return this.pool.use((connection) => this.run(connection, query, values, types));
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
    this.pool.close();
    this.instance.closeSync();
  }
}
