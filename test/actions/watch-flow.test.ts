import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Watch } from '../../src/store/state-store.js';
import { barsOf, buttonsOf, openWatchWorld, RANGE, type WatchWorld, words } from './watch-world.js';

// A live watch of Phase 3 over six game days, driven by the Watcher on a clock that moves a minute
// at a time: ticks every 5 minutes, the ETA from the last hour's successful runs, one stall alert per
// stall, and the end when the range is complete.

describe('a live backfill watch in the core (no Slack)', () => {
  let world: WatchWorld;
  beforeEach(async () => {
    world = await openWatchWorld();
  });
  afterEach(() => world.close());

  // The watch's post as it stands now (an update replaces the key it carries): its channel's only post.
  const post = (_id: string) => {
    const posts = world.chat.messages('C0OPS');
    expect(posts).toHaveLength(1);
    return posts[0];
  };
  const thread = (id: string) => {
    const parent = post(id);
    return parent ? world.chat.messages(parent.ref.channel, parent.ref) : [];
  };

  it('posts one message and redraws it once a tick, with the ETA, one alert per stall, and the end', async () => {
    const { watch, created, answer } = await world.start(`watch ${RANGE} analytics every 5m`);
    expect(created).toBe(true);
    const id = (watch as Watch).id;
    expect(id).toMatch(/^w_[0-9a-f]{12}$/);
    expect(words(answer)).toBe(
      `Watching ${RANGE} in this channel (watch ${id}): its message is redrawn every 5m until the range is complete, it is stopped, or after 12h; a stall of 30 min is told in its thread.`,
    );
    // Two dates done, four to go at the two a hour of the last hour's successful runs.
    const first = post(id)?.message;
    expect(first?.summary).toBe(`Watch ${RANGE} (phase 3): 1 of 1 phase to go`);
    expect(barsOf(first)).toEqual(['Phase 3 analytics 2/6 · 2 in the last hour · ETA 2h at 2/h']);
    expect(words(first)).toBe(
      [
        'Running: 1 of 1 phase to go · updated 13:00 UTC',
        '1 processor-date failing since 12:00 UTC',
        'PlayerGameSummaryProcessor 2021-11-03 (12:45 UTC): ValueError: no boxscore for 2021-11-03',
        `Started by @rando at 13:00 UTC · every 5m · watch ${id} · ends when complete, on Stop, or after 12h`,
      ].join('\n'),
    );
    expect(buttonsOf(first)).toEqual(['Stop']);

    const watcher = world.watcher();
    await world.tickUntil(watcher, '13:04');
    expect(world.chat.updates).toHaveLength(0);
    await world.tickUntil(watcher, '13:05');
    expect(world.chat.updates).toHaveLength(1);

    // The pipeline catches up a date (and retries the one that failed): the bar moves, the rate too.
    await world.backfill(['2021-11-03'], '2026-11-23 13:06:00');
    await world.tickUntil(watcher, '13:10');
    expect(barsOf(post(id)?.message)).toEqual(['Phase 3 analytics 3/6 · 3 in the last hour · ETA 1h at 3/h']);
    expect(words(post(id)?.message)).toContain('no failures since 12:00 UTC');

    // Nothing for 30 minutes: one alert to whoever started it, whatever the ticks after.
    await world.tickUntil(watcher, '13:39');
    expect(thread(id)).toHaveLength(0);
    await world.tickUntil(watcher, '14:00');
    expect(thread(id).map((m) => words(m.message))).toEqual([
      `@rando: no progress on ${RANGE} (phase 3) for 30 min (since 13:10 UTC): 1 of 1 phase to go.`,
    ]);
    const stalled = post(id)?.message;
    expect(stalled?.tone).toBe('warn');
    expect(words(stalled).split('\n')[0]).toBe(
      'Stalled: no progress for 50 min (since 13:10 UTC) · 1 of 1 phase to go · updated 14:00 UTC',
    );
    // The rate is the last hour's: the 13:06 run still counts at 14:00.
    expect(barsOf(stalled)).toEqual(['Phase 3 analytics 3/6 · 1 in the last hour · ETA 3h at 1/h']);

    // Progress resumes (said once in the thread), then stalls again: a second alert for a second stall.
    await world.backfill(['2021-11-04'], '2026-11-23 14:01:00');
    await world.tickUntil(watcher, '14:35');
    expect(thread(id).map((m) => words(m.message))).toEqual([
      `@rando: no progress on ${RANGE} (phase 3) for 30 min (since 13:10 UTC): 1 of 1 phase to go.`,
      `Progress resumed on ${RANGE} (phase 3) after 55 min without: 1 of 1 phase to go.`,
      `@rando: no progress on ${RANGE} (phase 3) for 30 min (since 14:05 UTC): 1 of 1 phase to go.`,
    ]);

    // The last dates land: the final redraw says so, with the total time, and no Stop.
    await world.backfill(['2021-11-05', '2021-11-06'], '2026-11-23 14:36:00');
    await world.tickUntil(watcher, '15:00');
    const done = post(id)?.message;
    expect(done?.summary).toBe(`Watch ${RANGE} (phase 3): complete in 1h 40m`);
    expect(words(done).split('\n')[0]).toBe('Complete: every phase done in 1h 40m (13:00 UTC → 14:40 UTC)');
    expect(barsOf(done)).toEqual(['Phase 3 analytics 6/6 · done']);
    expect(buttonsOf(done)).toEqual([]);
    expect(await world.store.getWatch(id)).toMatchObject({
      state: 'complete',
      endedAt: '2026-11-23T14:40:00.000Z',
    });

    // One redraw per tick from 13:05 to 14:40, and none after: 20 slots, each its own update.
    const slots = Array.from(
      { length: 20 },
      (_, i) => new Date(Date.parse('2026-11-23T13:05:00Z') + i * 300_000),
    );
    expect(world.chat.updates.map((u) => u.key)).toEqual(
      slots.map((s) => `watch:${id}:post:tick:${s.toISOString()}`),
    );
    expect(thread(id)).toHaveLength(3);
    const claims = await world.store.listSlots(`watch:${id}`, 200);
    expect(claims).toHaveLength(20);
  });

  it('starts nothing for a range already complete, and one watch per range and target in a channel', async () => {
    await world.backfill(['2021-11-03', '2021-11-04', '2021-11-05', '2021-11-06'], '2026-11-23 12:59:00');
    const complete = await world.start(`watch ${RANGE} analytics`);
    expect(complete.watch).toBeNull();
    expect(words(complete.answer)).toBe(
      `${RANGE} is already complete, so there is nothing to watch. status ${RANGE} shows it.`,
    );
    const first = await world.start(`watch ${RANGE} 2`, undefined, 'key-1');
    const again = await world.start(`watch ${RANGE} 2`, undefined, 'key-1');
    const other = await world.start(`watch ${RANGE} raw every 1h`, undefined, 'key-2');
    expect([first.created, again.created, other.created]).toEqual([true, false, false]);
    expect(again.watch?.id).toBe(first.watch?.id);
    expect(words(other.answer)).toBe(
      `${RANGE} is already watched in this channel (watch ${first.watch?.id}, every 5m): its message is redrawn in place.`,
    );
    expect(world.chat.messages('C0OPS').map((p) => p.key)).toEqual([`watch:${first.watch?.id}:post`]);
  });
});
