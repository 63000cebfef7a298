import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDemoWarehouse } from '../../src/demo/generate-demo.js';
import { castVote, requestGate } from '../../src/slack/gates/gate-flow.js';
import { DuckdbStateStore } from '../../src/store/duckdb/duckdb-state-store.js';
import { cli } from '../support/cli-harness.js';
import { catalog, duckdbPorts } from '../support/ports.js';
import { startSlackHarness } from '../support/slack-harness.js';

describe('an approval goes stale when the demo backfills the data it judged', () => {
  it('approve Gate 1 for 2021-22, stop, demo fill 2021-22 3, and gate status says stale', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'backfill-stale-demo-'));
    const path = join(dir, 'demo.duckdb');
    const statePath = join(dir, 'state.duckdb');
    await generateDemoWarehouse(catalog, { path, scale: 0.1, seed: 42, asOf: '2026-11-23' });
    const ports = await duckdbPorts(path, '2026-11-23');
    const store = await DuckdbStateStore.open({ path: statePath, clock: ports.clock });
    const h = await startSlackHarness(ports, { store });
    const deps = { ports: { ...ports, store }, store, client: h.app.client };
    const record = await requestGate(['gate', '1', '2021-22'], 'U0OPS', 'C0OPS', deps);
    const vote = await castVote(
      {
        requestId: record.request.id,
        voter: 'U0LEAD1',
        vote: 'approve',
        reason: 'override',
        idempotencyKey: 'k',
      },
      deps,
    );
    expect(vote.kind === 'recorded' && vote.record.state).toBe('approved');
    // Stop the bot: DuckDB lets one process write the warehouse.
    await h.close();
    await store.close();
    await ports.warehouse.close();

    const env = { BACKFILL_DUCKDB_PATH: path, BACKFILL_STATE_PATH: statePath, BACKFILL_NOW: '2026-11-23' };
    const fresh = await cli(['gate', 'status', record.request.id, '--json'], env);
    expect(JSON.parse(fresh.stdout).freshness).toEqual({ fresh: true });
    const fill = await cli(['demo', 'fill', '2021-22', '3'], env);
    expect(fill.code, fill.stderr).toBe(0);
    const stale = await cli(['gate', 'status', record.request.id], env);
    expect(stale.stdout).toContain('stale: data changed since approval');
    expect(stale.stdout).toContain('player_game_summary');
    const again = await cli(['gate', '1', '2021-22', '--json'], env);
    expect(JSON.parse(again.stdout).gate.verdict).toBe('PASS');
    rmSync(dir, { recursive: true, force: true });
  });
});
