import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BadInputError } from '../../src/domain/errors.js';
import type {
  AuditInput,
  OutboxEffect,
  StateStore,
  Watch,
  WatchChange,
} from '../../src/store/state-store.js';
import { SYSTEM_ACTOR } from '../../src/store/state-store.js';
import { publish, type SettableClock, settableClock } from './store-fixtures.js';
import { type MakeHarness, STORE_ADAPTERS, type StoreHarness } from './store-harnesses.js';
import { V4_SLOT } from './version-4-store.js';
import { newWatch, VIEW } from './watch-fixtures.js';

// Watches: created once per id, then moved on only by compare-and-set on their version (a tick, a
// Stop), with the caller's audit entry every time and the effects' rows only when the change applied.
function watchContract(name: string, makeHarness: MakeHarness) {
  describe(`watches in the state store on ${name}`, () => {
    let clock: SettableClock;
    let harness: StoreHarness;
    let store: StateStore;

    beforeEach(async () => {
      clock = settableClock('2026-11-23T15:00:00.000Z');
      harness = await makeHarness(clock);
      store = await harness.open();
    });
    afterEach(async () => {
      try {
        await store?.close();
      } finally {
        await harness?.dispose();
      }
    });

    const create = async (over: Parameters<typeof newWatch>[0] = {}): Promise<Watch> =>
      (await store.createWatch(newWatch(over))).watch;
    const tick = (w: Watch, slot: string): WatchChange => ({
      version: w.version,
      state: 'active',
      fields: {
        lastTickAt: slot,
        progress: w.progress + 3,
        lastProgressAt: clock.iso(),
        view: { ...VIEW, progress: w.progress + 3 },
      },
    });
    const stop = (w: Watch, by = 'U_LEAD1'): WatchChange => ({
      version: w.version,
      state: 'stopped',
      fields: { endedAt: clock.iso(), stoppedBy: by, stoppedByHandle: by.toLowerCase() },
    });
    const audited = (action: string, by = SYSTEM_ACTOR): AuditInput => ({
      actor: by,
      action,
      args: { watchId: 'w_0123456789ab' },
      result: {},
    });
    // Keyed by what applied, so the outbox shows whose change wrote them.
    const redraw = (w: Watch): OutboxEffect[] => [
      publish(`watch:${w.id}:${w.state}:v${w.version}`, `watch:${w.id}`),
    ];
    const outboxKeys = async () => (await store.listOutbox()).map((r) => r.key);
    const logged = async (action: string) =>
      (await store.listAudit(100)).filter((e) => e.action === action).map((e) => [e.actor, e.result]);
    const withReplica = async <T>(work: (other: StateStore) => Promise<T>): Promise<T> => {
      const other = await harness.replica(store);
      try {
        return await work(other);
      } finally {
        if (other !== store) await other.close();
      }
    };

    it("stores a new watch active at version 1, started at the store's time, with its rows and audit entry", async () => {
      const { created, watch } = await store.createWatch(newWatch(), redraw);
      expect(created).toBe(true);
      expect(watch).toEqual({
        ...newWatch(),
        version: 1,
        state: 'active',
        startedAt: clock.iso(),
        lastTickAt: null,
        lastProgressAt: clock.iso(),
        stalled: false,
        stalls: 0,
        endedAt: null,
        stoppedBy: null,
        stoppedByHandle: null,
      });
      expect(await store.getWatch(watch.id)).toEqual(watch);
      expect(await store.getWatch('w_000000000000')).toBeNull();
      expect(await outboxKeys()).toEqual(['watch:w_0123456789ab:active:v1']);
      expect((await store.listAudit()).map(({ id, ...e }) => e)).toEqual([
        {
          at: clock.iso(),
          actor: 'U_OPS',
          action: 'watch.start',
          args: {
            id: 'w_0123456789ab',
            channel: 'C_OPS',
            words: 'watch 2021-22 3 every 5m',
            range: { start: '2021-10-19', end: '2022-06-16' },
            target: '3',
            everySeconds: 300,
            expiresAt: '2026-11-24T03:00:00.000Z',
          },
          result: { id: 'w_0123456789ab', created: true },
        },
      ]);
    });

    it('answers a create with an id on file with the stored watch, unchanged, asking for no rows', async () => {
      const first = await create();
      clock.advance(60);
      let calls = 0;
      const again = await store.createWatch(newWatch({ startedBy: 'U_OTHER', everySeconds: 30 }), (w) => {
        calls += 1;
        return redraw(w);
      });
      expect(again).toEqual({ created: false, watch: first });
      expect(calls).toBe(0);
      expect(await logged('watch.start')).toEqual([
        ['U_OTHER', { id: 'w_0123456789ab', created: false }],
        ['U_OPS', { id: 'w_0123456789ab', created: true }],
      ]);
    });

    it('creates one watch from two replicas creating one id at once, with only the winner’s rows', async () => {
      const outcomes = await withReplica((other) =>
        Promise.all(
          [store, other].map((s, i) =>
            s.createWatch(newWatch({ startedBy: `U_${i}` }), (w) => [
              publish(`watch:${w.id}:post:${w.startedBy}`, 'w'),
            ]),
          ),
        ),
      );
      expect(outcomes.map((o) => o.created).sort()).toEqual([false, true]);
      const stored = await store.getWatch('w_0123456789ab');
      for (const o of outcomes) expect(o.watch).toEqual(stored);
      expect(await outboxKeys()).toEqual([`watch:w_0123456789ab:post:${stored?.startedBy}`]);
    });

    it('applies a change once at its version: the same change again writes only its audit entry', async () => {
      const watch = await create();
      clock.advance(300);
      const change = tick(watch, '2026-11-23T15:05:00.000Z');
      const first = await store.updateWatch(watch.id, change, audited('watch.tick'), redraw);
      expect(first).toEqual({
        changed: true,
        watch: {
          ...watch,
          version: 2,
          lastTickAt: '2026-11-23T15:05:00.000Z',
          progress: 57,
          lastProgressAt: clock.iso(),
          view: { ...VIEW, progress: 57 },
        },
      });
      expect(await store.getWatch(watch.id)).toEqual(first.watch);
      let calls = 0;
      const again = await store.updateWatch(watch.id, change, audited('watch.tick'), (w) => {
        calls += 1;
        return redraw(w);
      });
      expect(again).toEqual({ changed: false, watch: first.watch });
      expect(calls).toBe(0);
      expect(await outboxKeys()).toEqual(['watch:w_0123456789ab:active:v2']);
      expect(await logged('watch.tick')).toEqual([
        [SYSTEM_ACTOR, { changed: false }],
        [SYSTEM_ACTOR, { changed: true }],
      ]);
      // A stall and a stop keep what they do not name.
      const stalled = await store.updateWatch(
        watch.id,
        {
          version: 2,
          state: 'active',
          fields: { stalled: true, stalls: 1, lastTickAt: '2026-11-23T15:10:00.000Z' },
        },
        audited('watch.tick'),
      );
      expect(stalled.watch).toMatchObject({ version: 3, stalled: true, stalls: 1, progress: 57 });
      const stopped = await store.updateWatch(
        watch.id,
        stop(stalled.watch),
        audited('watch.stop', 'U_LEAD1'),
      );
      expect(stopped.watch).toEqual({
        ...stalled.watch,
        version: 4,
        state: 'stopped',
        endedAt: clock.iso(),
        stoppedBy: 'U_LEAD1',
        stoppedByHandle: 'u_lead1',
      });
    });

    it('lets exactly one of a tick and a Stop from one version through, on two replicas, with only its rows', async () => {
      const watch = await create();
      const outcomes = await withReplica((other) =>
        Promise.all([
          store.updateWatch(watch.id, tick(watch, '2026-11-23T15:05:00.000Z'), audited('watch.tick'), redraw),
          other.updateWatch(watch.id, stop(watch), audited('watch.stop', 'U_LEAD1'), redraw),
          store.updateWatch(watch.id, stop(watch, 'U_OPS'), audited('watch.stop', 'U_OPS'), redraw),
        ]),
      );
      expect(outcomes.filter((o) => o.changed)).toHaveLength(1);
      const stored = (await store.getWatch(watch.id)) as Watch;
      expect(stored.version).toBe(2);
      for (const o of outcomes) expect(o.watch).toEqual(stored);
      expect(await outboxKeys()).toEqual(redraw(stored).map((e) => e.key));
      const log = await store.listAudit(100);
      expect(log.filter((e) => e.action !== 'watch.start')).toHaveLength(3);
    });

    it("writes no watch at all when the effects callback throws, and hands back the caller's error", async () => {
      const broken = new Error('the caller broke');
      const throwing = (): OutboxEffect[] => {
        throw broken;
      };
      await expect(store.createWatch(newWatch(), throwing)).rejects.toBe(broken);
      expect(await store.getWatch('w_0123456789ab')).toBeNull();
      const watch = await create();
      await expect(store.updateWatch(watch.id, stop(watch), audited('watch.stop'), throwing)).rejects.toBe(
        broken,
      );
      expect(await store.getWatch(watch.id)).toEqual(watch);
      expect(await store.listOutbox()).toEqual([]);
      expect((await store.listAudit()).map((e) => e.action)).toEqual(['watch.start']);
    });

    it('lists watches newest first, by state and by channel, 20 by default and 1 to 200', async () => {
      const a = await create({ id: 'w_00000000000a' });
      clock.advance(1);
      const b = await create({ id: 'w_00000000000b', channel: 'C_OTHER' });
      clock.advance(1);
      const c = await create({ id: 'w_00000000000c' });
      await store.updateWatch(c.id, stop(c), audited('watch.stop', 'U_LEAD1'));
      const ids = (ws: Watch[]) => ws.map((w) => w.id);
      expect(ids(await store.listWatches())).toEqual([c.id, b.id, a.id]);
      expect(ids(await store.listWatches({ states: ['active'] }))).toEqual([b.id, a.id]);
      expect(ids(await store.listWatches({ states: ['active'], channel: 'C_OPS' }))).toEqual([a.id]);
      expect(ids(await store.listWatches({ states: ['stopped', 'complete'] }))).toEqual([c.id]);
      expect(await store.listWatches({ states: [] })).toEqual([]);
      expect(ids(await store.listWatches({ limit: 1 }))).toEqual([c.id]);
      await expect(store.listWatches({ limit: 0 })).rejects.toThrow(/limit/);
      await expect(store.listWatches({ limit: 201 })).rejects.toThrow(/limit/);
    });

    it('gives watches back exactly after a restart, and still refuses a change at an old version', async () => {
      const watch = await create();
      const { watch: ticked } = await store.updateWatch(
        watch.id,
        tick(watch, '2026-11-23T15:05:00.000Z'),
        audited('watch.tick'),
      );
      await store.close();
      store = await harness.open();
      expect(await store.getWatch(watch.id)).toEqual(ticked);
      expect(await store.listWatches({ states: ['active'] })).toEqual([ticked]);
      expect((await store.updateWatch(watch.id, stop(watch), audited('watch.stop'))).changed).toBe(false);
    });

    it('refuses bad input, naming the field, and writes nothing for it', async () => {
      const refuses = async (call: Promise<unknown>, field: RegExp) => {
        await expect(call).rejects.toThrow(BadInputError);
        await expect(call).rejects.toThrow(field);
      };
      await refuses(store.createWatch(newWatch({ id: 'has space' })), /id: letters, digits/);
      await refuses(store.createWatch(newWatch({ everySeconds: 10 })), /everySeconds/);
      await refuses(
        store.createWatch(newWatch({ range: { start: '2022-06-16', end: '2021-10-19' } })),
        /range/,
      );
      await refuses(store.createWatch(newWatch({ expiresAt: 'tomorrow' })), /expiresAt: an ISO date-time/);
      await refuses(
        store.createWatch({ ...newWatch(), view: { phases: 'none' } as never }),
        /view: a WatchView/,
      );
      await refuses(store.getWatch('w bad'), /watch id/);
      await refuses(store.listWatches({ states: ['paused' as never] }), /states/);
      const watch = await create();
      await refuses(
        store.updateWatch(watch.id, { ...stop(watch), state: 'paused' as never }, audited('watch.stop')),
        /state/,
      );
      await refuses(
        store.updateWatch(
          watch.id,
          { version: 1, state: 'active', fields: { colour: 'red' } as never },
          audited('watch.tick'),
        ),
        /fields/,
      );
      await expect(
        store.updateWatch('w_000000000000', stop(watch), audited('watch.stop')),
      ).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      expect(await store.getWatch(watch.id)).toEqual(watch);
      expect((await store.listAudit()).map((e) => e.action)).toEqual(['watch.start']);
    });

    it('opens a store of schema version 4, keeping its slots, and takes watches', async () => {
      const old = await makeHarness(clock, 'version-4');
      let migrated = await old.open();
      try {
        expect(await migrated.listSlots('report')).toEqual([V4_SLOT]);
        const { created, watch } = await migrated.createWatch(newWatch());
        expect(created).toBe(true);
        // The second open finds version 5: nothing to migrate, nothing lost.
        await migrated.close();
        migrated = await old.open();
        expect(await migrated.getWatch(watch.id)).toEqual(watch);
        expect(await migrated.listSlots('report')).toEqual([V4_SLOT]);
        expect(
          (
            await migrated.claimSlot({
              job: V4_SLOT.job,
              slot: V4_SLOT.slot,
              owner: 'replica-b',
              late: false,
            })
          ).claimed,
        ).toBe(false);
      } finally {
        await migrated.close();
        await old.dispose();
      }
    });
  });
}

for (const [name, makeHarness] of STORE_ADAPTERS) watchContract(name, makeHarness);
