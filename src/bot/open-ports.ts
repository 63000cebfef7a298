import { type Clock, clockFromEnv } from '../clock/clock.js';
import { type CommandPorts, today } from '../commands/command-context.js';
import type { Catalog } from '../config/catalog-schema.js';
import type { Env } from '../config/env.js';
import { loadCatalog } from '../config/load-catalog.js';
import type { DemoOptions } from '../demo/generate-demo.js';
import type { Logger } from '../log/logger.js';
import { openQueue } from '../queue/open-queue.js';
import type { Queue } from '../queue/queue.js';
import { openStateStore } from '../store/open-state-store.js';
import type { StateStore } from '../store/state-store.js';
import { DEMO_DEFAULTS, ensureDemoWarehouse } from '../warehouse/duckdb/ensure-demo-warehouse.js';
import { InstrumentedWarehouse } from '../warehouse/instrumented-warehouse.js';
import { openWarehouse, type WarehouseUse } from '../warehouse/open-warehouse.js';
import { describeDemo } from './describe-demo.js';
import { type PortLocations, queueLocation, storeLocation, warehouseLocation } from './port-locations.js';

/** What a front asks for beyond the catalog, clock and warehouse every command needs. */
export interface PortNeeds {
  /** One query at a time (the CLI, the default) or many users at once (the bot). */
  use?: WarehouseUse;
  /** The state store. Ask only when needed: DuckDB lets one process hold the state file. */
  store?: boolean;
  /** The queue stage starts and re-runs are published to. */
  queue?: boolean;
  /** Progress while a missing demo warehouse is created. */
  progress?: DemoOptions['onProgress'];
}

export type OpenPorts<N extends PortNeeds = PortNeeds> = CommandPorts & {
  queue?: Queue;
  /** Where each opened port is, for the start-up line. */
  where: PortLocations;
  /** Closes what was opened, newest first; every port is closed even if one fails. */
  close(): Promise<void>;
} & (N['store'] extends true ? { store: StateStore } : unknown) &
  (N['queue'] extends true ? { queue: Queue } : unknown);

/** The catalog and clock the environment names: all a front needs before any port (demo, help). */
export function catalogAndClock(env: Env): { catalog: Catalog; clock: Clock } {
  return { catalog: loadCatalog(env.BACKFILL_CATALOG), clock: clockFromEnv(env.BACKFILL_NOW) };
}

/**
 * The composition root of every front: the catalog, clock and warehouse from the environment, plus
 * the store and queue when asked. On the embedded default a missing demo warehouse is created
 * first, with one line saying so. The warehouse is instrumented, so request logs count its queries.
 */
export async function openPorts<const N extends PortNeeds>(
  env: Env,
  logger: Logger,
  needs: N = {} as N,
): Promise<OpenPorts<N>> {
  const { catalog, clock } = catalogAndClock(env);
  const opened: { close(): Promise<void> }[] = [];
  const close = () => closeAll(opened.splice(0).reverse());
  try {
    if (env.BACKFILL_WAREHOUSE === 'duckdb') {
      const asOf = today({ catalog, clock });
      const created = await ensureDemoWarehouse(catalog, env.BACKFILL_DUCKDB_PATH, asOf, needs.progress);
      if (created)
        logger.info({}, `No warehouse found: created ${describeDemo(created, { ...DEMO_DEFAULTS, asOf })}`);
    }
    const warehouse = new InstrumentedWarehouse(await openWarehouse(catalog, env, needs.use ?? 'single'));
    opened.push(warehouse);
    const store = needs.store ? await openStateStore(catalog, env, clock) : undefined;
    if (store) opened.push(store);
    const queue = needs.queue ? await openQueue(catalog, env, clock) : undefined;
    if (queue) opened.push(queue);
    const where: PortLocations = {
      warehouse: warehouseLocation(env, catalog),
      ...(store ? { store: storeLocation(env, catalog) } : {}),
      ...(queue ? { queue: queueLocation(env, catalog) } : {}),
    };
    const ports = { catalog, clock, warehouse, ...(store ? { store } : {}), ...(queue ? { queue } : {}) };
    // The conditional type cannot follow `needs` into the spreads above; they match it.
    return { ...ports, where, close } as OpenPorts<N>;
  } catch (error) {
    // The failure to open is the news; a failure to close what did open must not hide it.
    await close().catch(() => {});
    throw error;
  }
}

async function closeAll(ports: { close(): Promise<void> }[]): Promise<void> {
  const failures: unknown[] = [];
  for (const port of ports) await port.close().catch((error: unknown) => failures.push(error));
  if (failures.length > 0) throw failures[0];
}
