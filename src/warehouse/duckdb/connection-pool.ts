import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

/**
 * A few connections, each running one query at a time. Queries interleaved on one connection all
 * finish together and their results are converted back to back, stalling the event loop (measured:
 * 110 ms for 50 concurrent status queries, which delays every Slack ack behind them). One query per
 * connection spreads completions out; several connections keep queries parallel.
 */
export class ConnectionPool {
  private readonly tails: Promise<unknown>[];
  private readonly pending: number[];

  private constructor(private readonly connections: DuckDBConnection[]) {
    this.tails = connections.map(() => Promise.resolve());
    this.pending = connections.map(() => 0);
  }

  static async open(instance: DuckDBInstance, size: number): Promise<ConnectionPool> {
    const connections = await Promise.all(Array.from({ length: size }, () => instance.connect()));
    return new ConnectionPool(connections);
  }

  /** Runs `work` on the least busy connection once that connection is free. */
  use<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    const i = this.pending.indexOf(Math.min(...this.pending));
    const connection = this.connections[i] as DuckDBConnection;
    this.pending[i] = (this.pending[i] ?? 0) + 1;
    const run = (this.tails[i] ?? Promise.resolve()).then(() => work(connection));
    this.tails[i] = run
      .catch(() => {})
      .finally(() => {
        this.pending[i] = (this.pending[i] ?? 1) - 1;
      });
    return run;
  }

  close(): void {
    for (const c of this.connections) c.closeSync();
  }
}
