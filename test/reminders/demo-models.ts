import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDemoWarehouse } from '../../src/demo/generate-demo.js';
import { DuckdbClient } from '../../src/warehouse/duckdb/duckdb-client.js';
import { SqlWarehouse } from '../../src/warehouse/sql-warehouse.js';
import type { Warehouse } from '../../src/warehouse/warehouse.js';
import { catalog } from '../support/ports.js';

/** The demo the milestone tests read: mid-February 2026, a month into the challenger. */
export const AS_OF = '2026-02-20';

export interface DemoModels {
  path: string;
  warehouse: Warehouse;
  close(): Promise<void>;
}

export async function openDemoModels(): Promise<DemoModels> {
  const dir = mkdtempSync(join(tmpdir(), 'backfill-reminders-'));
  const path = join(dir, 'demo.duckdb');
  await generateDemoWarehouse(catalog, { path, scale: 0.2, seed: 42, asOf: AS_OF });
  const warehouse = new SqlWarehouse(catalog, await DuckdbClient.open({ path }));
  return {
    path,
    warehouse,
    async close() {
      await warehouse.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
