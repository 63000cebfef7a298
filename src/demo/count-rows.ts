import type { DuckDBConnection } from '@duckdb/node-api';
import type { CatalogTable } from '../config/catalog-schema.js';
import { addDays, type IsoDate } from '../domain/dates.js';
import { tableKey } from './demo-roles.js';

/** Row counts of every table written, and of rows a stale-rows check would flag, in one query. */
export async function countRows(
  connection: DuckDBConnection,
  tables: string[],
  staleTables: CatalogTable[],
  asOf: IsoDate,
): Promise<{ rows: Record<string, number>; staleRows: Record<string, number> }> {
  const parts = [
    ...tables.map((t) => `SELECT 'rows' AS kind, '${t}' AS name, COUNT(*) AS n FROM ${t}`),
    ...staleTables.map(
      (t) =>
        `SELECT 'stale', '${tableKey(t)}', COUNT(*) FROM ${tableKey(t)}
         WHERE ${t.dateColumn} < DATE '${addDays(asOf, -(t.staleAfterDays ?? 0))}'`,
    ),
  ];
  const reader = await connection.runAndReadAll(parts.join('\nUNION ALL\n'));
  const rows: Record<string, number> = {};
  const staleRows: Record<string, number> = {};
  for (const [kind, name, n] of reader.getRows()) {
    (kind === 'rows' ? rows : staleRows)[String(name)] = Number(n);
  }
  return { rows, staleRows };
}
