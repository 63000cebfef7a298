import type { SqlClient, SqlQuery, SqlRow } from '../../src/warehouse/sql/sql-query.js';

/**
 * A real client that counts round trips as the warehouse feels them: queries sent side by side are
 * one trip; a query sent when none is in flight starts the next one.
 */
export class WaveClient implements SqlClient {
  readonly queries: SqlQuery[] = [];
  waves = 0;
  private inFlight = 0;

  constructor(private readonly inner: SqlClient) {}

  get dialect() {
    return this.inner.dialect;
  }

  async query(query: SqlQuery): Promise<SqlRow[]> {
    this.queries.push(query);
    if (this.inFlight === 0) this.waves++;
    this.inFlight++;
    try {
      return await this.inner.query(query);
    } finally {
      this.inFlight--;
    }
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
