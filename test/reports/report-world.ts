import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixedClock } from '../../src/clock/clock.js';
import type { CommandPorts } from '../../src/commands/command-context.js';
import type { RerunPlan } from '../../src/domain/reruns/rerun-plan.js';
import { DuckdbStateStore } from '../../src/store/duckdb/duckdb-state-store.js';
import { DuckdbClient } from '../../src/warehouse/duckdb/duckdb-client.js';
import { SqlWarehouse } from '../../src/warehouse/sql-warehouse.js';
import { withoutTimings } from '../render/render-world.js';
import { catalog } from '../support/ports.js';
import { WaveClient } from './wave-client.js';

/** The report day and the day it runs (the clock reads noon UTC: 07:00 in New York). */
export const DAY = '2026-01-23';
export const TODAY = '2026-01-24';
export const NOW = `${TODAY}T12:00:00.000Z`;

/** A one-message, one-step re-run plan of `processor` over `dates`. */
export function planOf(processor: string, phase: number, dates: string[]): RerunPlan {
  const [first, last] = [dates[0], dates.at(-1)];
  return {
    steps: [{ index: 0, phase, processors: { [processor]: dates }, dependsOn: null }],
    messages: [
      { id: `${processor}:${first}:${last}`, step: 0, processor, phase, topic: `phase-${phase}`, dates },
    ],
    skipped: [],
    missingUpstream: [],
    downstream: [],
    processorDates: dates.length,
    needsApproval: false,
    refused: false,
  };
}

export interface ConfirmedRerun {
  id: string;
  processor: string;
  phase: number;
  dates: string[];
  confirmedAt: string;
}

/** A state store holding re-run requests confirmed at the given instants. */
export async function storeWith(dir: string, reruns: ConfirmedRerun[]): Promise<DuckdbStateStore> {
  const store = await DuckdbStateStore.open({
    path: join(dir, 'state.duckdb'),
    clock: fixedClock(new Date('2026-01-20T00:00:00Z')),
  });
  for (const r of reruns) {
    const { request } = await store.createRerunRequest({
      id: r.id,
      requestedBy: 'U0OPS',
      requestedByHandle: 'ops',
      channel: 'C_OPS',
      words: `rerun ${r.dates.join(' ')} ${r.processor}`,
      plan: planOf(r.processor, r.phase, r.dates),
    });
    await store.updateRerun(
      r.id,
      {
        version: request.version,
        state: 'confirmed',
        fields: { confirmedBy: 'U0OPS', confirmedAt: r.confirmedAt, releasedSteps: 1 },
      },
      { actor: 'U0OPS', action: 'rerun.confirm', args: { id: r.id }, result: { state: 'confirmed' } },
    );
  }
  return store;
}

export interface OpenedPorts {
  ports: CommandPorts;
  client: WaveClient;
  close(): Promise<void>;
}

/** Real ports over a DuckDB file with the clock pinned; query times read 0 ms for fixtures. */
export async function reportPorts(
  path: string,
  options: { now?: string; store?: DuckdbStateStore; steady?: boolean } = {},
): Promise<OpenedPorts> {
  const client = new WaveClient(await DuckdbClient.open({ path }));
  const warehouse = new SqlWarehouse(catalog, client);
  const ports: CommandPorts = {
    catalog,
    warehouse: options.steady ? withoutTimings(warehouse) : warehouse,
    clock: fixedClock(new Date(options.now ?? NOW)),
    ...(options.store ? { store: options.store } : {}),
  };
  return {
    ports,
    client,
    close: async () => {
      await warehouse.close();
      await options.store?.close();
    },
  };
}

export const scratchDir = (name: string) => mkdtempSync(join(tmpdir(), `backfill-report-${name}-`));
export const removeDir = (dir: string) => rmSync(dir, { recursive: true, force: true });
