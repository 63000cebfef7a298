import type { SqlClient, SqlQuery, SqlRow } from '../../src/warehouse/sql/sql-query.js';

/** A real client wrapped to record every query it is sent, so tests can count round trips and read the SQL. */
export class CountingClient implements SqlClient {
  readonly queries: SqlQuery[] = [];

  constructor(private readonly inner: SqlClient) {}

  get dialect() {
    return this.inner.dialect;
  }

  query(query: SqlQuery): Promise<SqlRow[]> {
    this.queries.push(query);
    return this.inner.query(query);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
