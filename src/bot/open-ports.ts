import { type CommandPorts, today } from '../commands/command-context.js';
import type { Env } from '../config/env.js';
import type { DemoOptions } from '../demo/generate-demo.js';
import { DEMO_DEFAULTS, ensureDemoWarehouse } from '../warehouse/duckdb/ensure-demo-warehouse.js';
import { openWarehouse, type WarehouseUse } from '../warehouse/open-warehouse.js';
import { describeDemo } from './describe-demo.js';

/**
 * Adds the warehouse the environment asks for to a catalog and clock. On the embedded default a
 * missing demo warehouse is created first, with one line saying so.
 */
export async function openPorts(
  env: Env,
  { catalog, clock }: Pick<CommandPorts, 'catalog' | 'clock'>,
  say: (line: string) => void,
  progress?: DemoOptions['onProgress'],
  use: WarehouseUse = 'single',
): Promise<CommandPorts> {
  if (env.BACKFILL_WAREHOUSE === 'duckdb') {
    const asOf = today({ catalog, clock });
    const created = await ensureDemoWarehouse(catalog, env.BACKFILL_DUCKDB_PATH, asOf, progress);
    if (created) say(`No warehouse found: created ${describeDemo(created, { ...DEMO_DEFAULTS, asOf })}`);
  }
  return { catalog, clock, warehouse: await openWarehouse(catalog, env, use) };
}
