import { userInfo } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckdbStateStore } from '../../src/store/duckdb/duckdb-state-store.js';
import type { Watch } from '../../src/store/state-store.js';
import { openWatchWorld, RANGE, type WatchWorld } from '../actions/watch-world.js';
import { cli } from '../support/cli-harness.js';

// The watch words from a shell: the view now, the list and a stop (as cli:<os user>, an operator),
// on the bot's store while the bot is stopped.

describe('backfill-bot watch', () => {
  let world: WatchWorld;
  let watch: Watch;
  let env: Record<string, string>;

  beforeAll(async () => {
    world = await openWatchWorld();
    const started = await world.start(`watch ${RANGE} analytics every 5m`);
    if (!started.watch) throw new Error('a watch');
    watch = started.watch;
    // The bot stops: DuckDB lets one process hold the state file.
    await world.store.close();
    env = {
      BACKFILL_DUCKDB_PATH: world.warehousePath,
      BACKFILL_STATE_PATH: world.statePath,
      BACKFILL_NOW: '2026-11-23T13:30:00Z',
    };
  });
  afterAll(() => world.close());

  it('prints the view now, without the store', async () => {
    const run = await cli(['watch', RANGE, 'analytics'], env);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').slice(0, 2)).toEqual([
      `Backfill watch · ${RANGE} · phase 3`,
      'Now: 1 of 1 phase to go · 13:30 UTC',
    ]);
    expect(run.stdout).toMatch(/Phase 3 analytics\s+\[=+-+\]\s+33\.3%\s+2\/6/);
  });

  it('lists the watches, and stops one as cli:<os user>, leaving its redraw to the bot', async () => {
    const listed = await cli(['watch', 'list'], env);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`${watch.id}  active`);
    const json = JSON.parse((await cli(['watch', 'list', '--json'], env)).stdout);
    expect(json.watches.map((w: { id: string; state: string }) => [w.id, w.state])).toEqual([
      [watch.id, 'active'],
    ]);

    const stopped = await cli(['watch', 'stop', watch.id], env);
    expect(stopped).toMatchObject({ code: 0, stdout: `Stopped watch ${watch.id} (${RANGE}).\n` });
    expect((await cli(['watch', 'stop', watch.id], env)).stdout).toBe(
      `Watch ${watch.id} was stopped already.\n`,
    );
    const missing = await cli(['watch', 'stop', 'w_000000000000'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('There is no watch w_000000000000');

    const store = await DuckdbStateStore.open({ path: world.statePath });
    try {
      expect(await store.getWatch(watch.id)).toMatchObject({
        state: 'stopped',
        stoppedBy: `cli:${userInfo().username}`,
        // BACKFILL_NOW pins the start; the clock runs on from there.
        endedAt: expect.stringMatching(/^2026-11-23T13:30:/),
      });
      expect(await store.getOutbox(`watch:${watch.id}:post:stopped`)).toMatchObject({ state: 'pending' });
    } finally {
      await store.close();
    }
  });
});
