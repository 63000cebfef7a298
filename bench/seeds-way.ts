import type { Catalog } from '../src/config/catalog-schema.js';
import type { DateRange } from '../src/domain/dates.js';
import { ParamBag } from '../src/warehouse/sql/param-bag.js';
import type { SqlClient } from '../src/warehouse/sql/sql-query.js';

/**
 * The baseline: how validate_phase.sh answers status, one COUNT(DISTINCT date) query per table plus
 * one for the expected dates, each its own round trip. Built from the same catalog, so both sides
 * read the same tables.
 */
export async function seedsWayStatus(catalog: Catalog, client: SqlClient, range: DateRange): Promise<number> {
  const d = client.dialect;
  const s = catalog.schedule;
  let roundTrips = 0;
  const p = new ParamBag(d);
  const between = (column: string) =>
    `${d.column(column)} BETWEEN ${p.date('range_start', range.start)} AND ${p.date('range_end', range.end)}`;
  const expected = `SELECT COUNT(DISTINCT ${d.column(s.dateColumn)}) AS n FROM ${d.table(s.dataset, s.table)} WHERE ${d.column(s.statusColumn)} = ${p.int('final_status', s.finalStatus)} AND ${between(s.dateColumn)}`;
  await client.query({ sql: expected, params: p.params, label: 'bench' });
  roundTrips++;
  for (const t of catalog.tables) {
    const q = new ParamBag(d);
    const sql = `SELECT COUNT(DISTINCT ${d.column(t.dateColumn)}) AS n FROM ${d.table(t.dataset, t.table)} WHERE ${d.column(t.dateColumn)} BETWEEN ${q.date('range_start', range.start)} AND ${q.date('range_end', range.end)}`;
    await client.query({ sql, params: q.params, label: 'bench' });
    roundTrips++;
  }
  return roundTrips;
}
