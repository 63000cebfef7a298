import { fixedClock } from '../../src/clock/clock.js';
import type { CommandPorts } from '../../src/commands/command-context.js';
import type { Catalog } from '../../src/config/catalog-schema.js';
import { loadCatalog } from '../../src/config/load-catalog.js';
import { DuckdbClient } from '../../src/warehouse/duckdb/duckdb-client.js';
import { SqlWarehouse } from '../../src/warehouse/sql-warehouse.js';

export const catalog: Catalog = loadCatalog('config/pipeline.yml');

/** Real ports over a DuckDB file, with the clock pinned to a date (noon UTC). */
export async function duckdbPorts(path: string, today: string): Promise<CommandPorts> {
  const client = await DuckdbClient.open({ path });
  return {
    catalog,
    warehouse: new SqlWarehouse(catalog, client),
    clock: fixedClock(new Date(`${today}T12:00:00Z`)),
  };
}
