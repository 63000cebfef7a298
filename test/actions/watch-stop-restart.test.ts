import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stopWatch } from '../../src/actions/watch-stop.js';
import { catalog } from '../support/ports.js';
import {
  barsOf,
  buttonsOf,
  openWatchWorld,
  ops,
  RANGE,
  rando,
  stranger,
  type WatchWorld,
  words,
} from './watch-world.js';

// Stopping a watch (who may, once), a restart in the middle of one, two replicas on one store, and
// a watch whose hours run out.

describe('stopping, restarting and expiring a watch', () => {
  let world: WatchWorld;
  afterEach(() => world.close());

  const post = () => world.chat.messages('C0OPS')[0];
  const started = async () => {
    const { watch } = await world.start(`watch ${RANGE} analytics every 5m`);
    if (!watch) throw new Error('a watch');
    return watch;
  };

  describe('with the catalog as it is', () => {
    beforeEach(async () => {
      world = await openWatchWorld();
    });

    it('refuses a Stop from someone who is neither its starter, an operator nor an approver, and audits it', async () => {
      const watch = await started();
      const refused = await stopWatch({ watchId: watch.id, actor: stranger, key: 'click-1' }, world.ports);
      expect(refused.kind).toBe('refused');
      expect(words(refused.answer)).toBe(
        'A watch is stopped by whoever started it (@rando), operators and approvers: @S0OPS, @S0LEADS.',
      );
      expect(await world.store.getWatch(watch.id)).toEqual(watch);
      const [entry] = await world.store.listAudit(1);
      expect(entry).toMatchObject({
        actor: 'U0OTHER',
        action: 'watch.stop.refused',
        args: { watchId: watch.id, key: 'click-1' },
        result: { refusal: 'not-permitted' },
      });
      await world.relay.drain();
      expect(world.chat.updates).toEqual([]);
    });

    it('stops on its Stop once, from the last view: the message says who and when, and ticks end', async () => {
      const watch = await started();
      const watcher = world.watcher();
      await world.tickUntil(watcher, '13:20');
      const stopped = await stopWatch({ watchId: watch.id, actor: ops, key: 'click-2' }, world.ports);
      expect(stopped.kind).toBe('done');
      expect(words(stopped.answer)).toBe(`Stopped watch ${watch.id} (${RANGE}).`);
      const again = await stopWatch({ watchId: watch.id, actor: rando, key: 'click-3' }, world.ports);
      expect(again.kind).toBe('unchanged');
      expect(words(again.answer)).toBe(`Watch ${watch.id} was stopped already.`);
      await world.relay.drain();
      const message = post()?.message;
      expect(words(message).split('\n')[0]).toBe(
        'Stopped by @ops at 13:20 UTC after 20 min: 1 of 1 phase to go',
      );
      expect(barsOf(message)).toEqual(['Phase 3 analytics 2/6']);
      expect(buttonsOf(message)).toEqual([]);
      const updates = world.chat.updates.length;
      await world.tickUntil(watcher, '14:00');
      expect(world.chat.updates).toHaveLength(updates);
      expect(await world.store.getWatch(watch.id)).toMatchObject({
        state: 'stopped',
        stoppedBy: 'U0OPS',
        endedAt: '2026-11-23T13:20:00.000Z',
      });
    });

    it('lets whoever started it stop it, though they are no operator', async () => {
      const watch = await started();
      expect((await stopWatch({ watchId: watch.id, actor: rando, key: 'click-4' }, world.ports)).kind).toBe(
        'done',
      );
    });

    it('resumes after a restart: no second post, no tick drawn twice, then only the latest slot', async () => {
      const watch = await started();
      await world.tickUntil(world.watcher('before'), '13:05');
      expect(world.chat.updates).toHaveLength(1);
      await world.restart();
      const after = world.watcher('after');
      // The 13:05 tick was drawn before the restart: nothing is due.
      expect((await after.tick()).map((r) => r.outcome)).toEqual(['idle']);
      // A replica claimed 13:10 and died before drawing it: the tick is skipped, never drawn twice.
      const job = `watch:${watch.id}`;
      await world.store.claimSlot({ job, slot: '2026-11-23T13:10:00.000Z', owner: 'dead', late: false });
      world.clock.set('2026-11-23T13:11:00.000Z');
      expect((await after.tick()).map((r) => r.outcome)).toEqual(['taken']);
      // Down until 13:22: the 13:15 slot is not drawn late, the 13:20 one is.
      world.clock.set('2026-11-23T13:22:00.000Z');
      expect((await after.tick()).map((r) => [r.slot, r.outcome])).toEqual([
        ['2026-11-23T13:20:00.000Z', 'drawn'],
      ]);
      await world.relay.drain();
      expect(world.chat.posts.filter((p) => !p.thread)).toHaveLength(1);
      expect(world.chat.updates.map((u) => u.key)).toEqual([
        `${job}:post:tick:2026-11-23T13:05:00.000Z`,
        `${job}:post:tick:2026-11-23T13:20:00.000Z`,
      ]);
      expect((await world.store.listSlots(job)).map((s) => [s.slot, s.owner, s.late])).toEqual([
        ['2026-11-23T13:20:00.000Z', 'after', true],
        ['2026-11-23T13:10:00.000Z', 'dead', false],
        ['2026-11-23T13:05:00.000Z', 'before', false],
      ]);
    });

    it('is driven by one of two watchers ticking at once on one store', async () => {
      const watch = await started();
      const [a, b] = [world.watcher('replica-a'), world.watcher('replica-b')];
      for (const minute of ['13:05', '13:10', '13:15']) {
        world.clock.set(`2026-11-23T${minute}:00.000Z`);
        const reports = (await Promise.all([a.tick(), b.tick()])).flat();
        expect(reports.map((r) => r.outcome).sort()).toEqual(['drawn', 'taken']);
      }
      await world.relay.drain();
      expect(world.chat.updates).toHaveLength(3);
      expect(await world.store.getWatch(watch.id)).toMatchObject({
        version: 4,
        lastTickAt: '2026-11-23T13:15:00.000Z',
      });
    });
  });

  it('stops itself after watch.maxHours, saying it is still incomplete', async () => {
    world = await openWatchWorld({ watch: { ...catalog.watch, maxHours: 1 } });
    const watch = await started();
    await world.tickUntil(world.watcher(), '14:30');
    const message = post()?.message;
    expect(words(message).split('\n')[0]).toBe(
      'Stopped after 1h (watch.maxHours), still incomplete: 1 of 1 phase to go',
    );
    expect(buttonsOf(message)).toEqual([]);
    expect(await world.store.getWatch(watch.id)).toMatchObject({
      state: 'expired',
      lastTickAt: '2026-11-23T14:00:00.000Z',
    });
    // 13:05 to 13:55, and the expiry at 14:00: twelve redraws, none after.
    expect(world.chat.updates).toHaveLength(12);
  });
});
