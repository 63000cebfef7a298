import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startedClock } from '../../src/clock/clock.js';
import type { CommandPorts } from '../../src/commands/command-context.js';
import { generateDemoWarehouse } from '../../src/demo/generate-demo.js';
import { DuckdbStateStore } from '../../src/store/duckdb/duckdb-state-store.js';
import { catalog, duckdbPorts } from './ports.js';
import { type SlackHarness, startSlackHarness } from './slack-harness.js';

export interface DemoSlack {
  ports: CommandPorts;
  store: DuckdbStateStore;
  h: SlackHarness;
  close(): Promise<void>;
}

/**
 * The real Bolt app with core actions over the local stand-in, on a small demo warehouse as of
 * `asOf` (its own temp folder) and a DuckDB state store: what the Slack action tests start from.
 */
export async function openDemoSlack(options: { asOf: string; scale?: number }): Promise<DemoSlack> {
  const dir = mkdtempSync(join(tmpdir(), 'backfill-demo-slack-'));
  const path = join(dir, 'demo.duckdb');
  await generateDemoWarehouse(catalog, { path, scale: options.scale ?? 0.1, seed: 42, asOf: options.asOf });
  // The day is pinned but time runs, as BACKFILL_NOW runs the bot's clock: the outbox's retry and
  // settle times come due (a stopped clock would hold a Home refresh back for ever).
  const ports = {
    ...(await duckdbPorts(path, options.asOf)),
    clock: startedClock(new Date(`${options.asOf}T12:00:00Z`)),
  };
  const store = await DuckdbStateStore.open({ path: join(dir, 'state.duckdb'), clock: ports.clock });
  const h = await startSlackHarness(ports, { store });
  return {
    ports,
    store,
    h,
    async close() {
      await h.close();
      await store.close();
      await ports.warehouse.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
