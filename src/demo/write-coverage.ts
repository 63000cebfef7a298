import type { DuckDBConnection } from '@duckdb/node-api';
import type { Catalog } from '../config/catalog-schema.js';
import { appendRows, date, double, int, text } from './append-rows.js';
import type { CoverageRow } from './plan-coverage.js';

/** The player-coverage metadata the backfill jobs write per processed date (the alert reads it). */
export async function writePlayerCoverage(
  connection: DuckDBConnection,
  catalog: Catalog,
  rows: CoverageRow[],
): Promise<void> {
  const p = catalog.playerCoverage;
  await connection.run(
    `CREATE TABLE ${p.dataset}.${p.table} (${p.dateColumn} DATE, ${p.expectedColumn} INTEGER,
      ${p.actualColumn} INTEGER, ${p.pctColumn} DOUBLE, status VARCHAR)`,
  );
  await appendRows(
    connection,
    p.table,
    rows.map((r) => [date(r.date), int(r.expected), int(r.actual), double(r.pct), text(r.status)]),
    p.dataset,
  );
}
