import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedDirectory } from '../../src/chat/fixed-directory.js';
import { buildHome } from '../../src/home/build-home.js';
import { homeView } from '../../src/slack/render/home-view.js';
import { viewProblems } from '../../src/standin/block-limits.js';
import { DuckdbStateStore } from '../../src/store/duckdb/duckdb-state-store.js';
import { openRenderWorld, type RenderWorld } from '../render/render-world.js';
import { newRerun } from '../store/rerun-fixtures.js';
import { newRequest, voteOn } from '../store/store-fixtures.js';
import { newWatch } from '../store/watch-fixtures.js';
import { faultyWarehouse } from '../support/faulty-warehouse.js';
import { jsonText } from '../support/message-text.js';

// The App Home for a large state: 260 gates waiting, 230 re-runs, 40 active watches. It must stay a
// view Slack accepts (100 blocks, every text within its limit), show the approver their buttons
// first, and count the rest with where to see them.

describe('the App Home, whatever the state holds', () => {
  let dir: string;
  let world: RenderWorld;
  let store: DuckdbStateStore;
  const directory = new FixedDirectory({ groups: { S0LEADS: ['U0LEAD1'] } });
  const ports = () => ({ ...world.partial, store, directory });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'backfill-home-'));
    world = await openRenderWorld();
    store = await DuckdbStateStore.open({ path: join(dir, 'state.duckdb'), clock: world.partial.clock });
    const hex = (i: number) => i.toString(16).padStart(12, '0');
    for (let i = 0; i < 260; i++) {
      // Ten of them the approver requested: they may not approve those (no self-approval).
      await store.createGateRequest(
        newRequest({ id: `g_${hex(i)}`, requestedBy: i < 10 ? 'U0LEAD1' : 'U0OPS' }),
      );
    }
    const voted = await store.getGate(`g_${hex(259)}`);
    if (voted) await store.recordVote(voteOn(voted.request, 'U0LEAD1', { vote: 'approve', reason: 'ok' }));
    for (let i = 0; i < 230; i++) await store.createRerunRequest(newRerun({ id: `r_${hex(i)}` }));
    for (let i = 0; i < 40; i++)
      await store.createWatch(newWatch({ id: `w_${hex(i)}`, channel: `C${i}OPS` }));
  }, 120_000);
  afterAll(async () => {
    await store.close();
    await world.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stays within Block Kit’s limits for a Home tab and counts what it does not list', async () => {
    const view = homeView(await buildHome('U0LEAD1', ports(), () => {}));
    expect(viewProblems(view, 'home')).toEqual([]);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const text = jsonText(view.blocks);
    expect(text).toContain('Gates awaiting a decision (200+)');
    expect(text).toContain('195+ gates more');
    expect(text).toContain('gate history');
    expect(text).toContain('re-runs more');
    expect(text).toContain('Active watches (40)');
    expect(text).toContain('35 watches more');
  });

  it('lists first the gates the approver can decide, with Approve and Reject; none for an operator', async () => {
    const lead = homeView(await buildHome('U0LEAD1', ports(), () => {}));
    const approveRows = lead.blocks.filter(
      (b) => b.type === 'actions' && jsonText(b).includes('"action_id":"gate:approve"'),
    );
    expect(approveRows).toHaveLength(5);
    // Not the one they voted on already, nor the ones they requested.
    expect(jsonText(lead.blocks)).not.toContain('g_000000000103');
    const ops = homeView(await buildHome('U0OPS', ports(), () => {}));
    expect(jsonText(ops.blocks)).not.toContain('gate:approve');
    expect(jsonText(ops.blocks)).toContain('Details');
  });

  it('still shows gates, re-runs and watches when the warehouse fails, saying what could not be read', async () => {
    const logged: string[] = [];
    const failing = { ...ports(), warehouse: faultyWarehouse('fail', world.partial.warehouse) };
    const view = homeView(await buildHome('U0LEAD1', failing, (line) => logged.push(line)));
    expect(viewProblems(view, 'home')).toEqual([]);
    const text = jsonText(view.blocks);
    expect(text).toContain('Status could not be read');
    expect(text).toContain('Gates awaiting a decision (200+)');
  });
});
