import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BadInputError } from '../../src/domain/errors.js';
import type {
  AuditInput,
  MilestoneChange,
  MilestoneState,
  OutboxEffect,
  SlotClaim,
  StateStore,
} from '../../src/store/state-store.js';
import { SYSTEM_ACTOR } from '../../src/store/state-store.js';
import { publish, type SettableClock, settableClock } from './store-fixtures.js';
import { type MakeHarness, STORE_ADAPTERS, type StoreHarness } from './store-harnesses.js';
import { V3_RERUN } from './version-3-store.js';

// Schedules: a job's slot is claimed once, whoever asks and however often (its post rides in the
// winner's transaction), and a milestone gets exactly one decision, snoozes aside.
function scheduleContract(name: string, makeHarness: MakeHarness) {
  describe(`schedule slots and milestones in the state store on ${name}`, () => {
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

    const claim = (over: Partial<SlotClaim> = {}): SlotClaim => ({
      job: 'report',
      slot: '2026-11-23T14:00:00.000Z',
      owner: 'replica-a',
      late: false,
      ...over,
    });
    // Keyed by the claimer, so the outbox shows whose claim wrote them.
    const post = (c: SlotClaim) => (): OutboxEffect[] => [publish(`report:${c.slot}:${c.owner}`, 'report')];
    const outboxKeys = async () => (await store.listOutbox()).map((r) => r.key);
    const actions = async () => (await store.listAudit(100)).map((e) => e.action);
    const withReplica = async <T>(work: (other: StateStore) => Promise<T>): Promise<T> => {
      const other = await harness.replica(store);
      try {
        return await work(other);
      } finally {
        if (other !== store) await other.close();
      }
    };

    const decide = (by: string, choice = 'proceed'): Extract<MilestoneChange, { kind: 'decide' }> => ({
      id: 'm_season-2023-24',
      kind: 'decide',
      choice,
      by,
      byHandle: by.toLowerCase(),
      reason: `${by} says so`,
    });
    const snooze = (until: string, by = 'U_OPS'): MilestoneChange => ({
      id: 'm_season-2023-24',
      kind: 'snooze',
      until,
      by,
    });
    const audited = (change: MilestoneChange): AuditInput => ({
      actor: change.by,
      action: `milestone.${change.kind}`,
      args: { id: change.id },
      result: { kind: change.kind },
    });
    const rows = (s: MilestoneState): OutboxEffect[] => [
      publish(`milestone:${s.id}:${s.version}:${s.decision?.by ?? 'snooze'}`, `milestone:${s.id}`),
    ];

    it('claims a slot for its first claimer with its rows and audit entry; a later claim gets the stored slot and writes nothing', async () => {
      const first = claim({ late: true });
      expect(await store.claimSlot(first, post(first))).toEqual({
        claimed: true,
        slot: { ...first, claimedAt: clock.iso() },
      });
      const claimedAt = clock.iso();
      clock.advance(60);
      let calls = 0;
      const again = claim({ owner: 'replica-b' });
      const second = await store.claimSlot(again, () => {
        calls += 1;
        return post(again)();
      });
      expect(second).toEqual({ claimed: false, slot: { ...first, claimedAt } });
      expect(calls).toBe(0);
      expect(await outboxKeys()).toEqual([`report:${first.slot}:replica-a`]);
      const log = await store.listAudit();
      expect(log.map(({ id, ...entry }) => entry)).toEqual([
        {
          at: claimedAt,
          actor: SYSTEM_ACTOR,
          action: 'schedule.claim',
          args: { job: 'report', slot: first.slot, owner: 'replica-a', late: true },
          result: { claimed: true },
        },
      ]);
      // Another slot of the job, or the same instant of another job, is a slot of its own.
      expect((await store.claimSlot(claim({ slot: '2026-11-23T15:00:00.000Z' }))).claimed).toBe(true);
      expect((await store.claimSlot(claim({ job: 'reminder:day-7' }))).claimed).toBe(true);
    });

    it('claims a slot once when it is claimed 10 times at once, writing only the winner’s rows', async () => {
      const claims = Array.from({ length: 10 }, (_, i) => claim({ owner: `replica-${i}` }));
      const outcomes = await Promise.all(claims.map((c) => store.claimSlot(c, post(c))));
      const winners = outcomes.filter((o) => o.claimed);
      expect(winners).toHaveLength(1);
      const [stored] = await store.listSlots('report');
      for (const o of outcomes) expect(o.slot).toEqual(stored);
      expect(await outboxKeys()).toEqual([`report:${stored?.slot}:${stored?.owner}`]);
      expect(await actions()).toEqual(['schedule.claim']);
    });

    it('claims a slot once between two replicas polling at once', async () => {
      const outcomes = await withReplica((other) =>
        Promise.all(
          Array.from({ length: 6 }, (_, i) => {
            const c = claim({ owner: `replica-${i % 2}:${i}` });
            return (i % 2 ? other : store).claimSlot(c, post(c));
          }),
        ),
      );
      expect(outcomes.filter((o) => o.claimed)).toHaveLength(1);
      const slots = await store.listSlots('report');
      expect(slots).toHaveLength(1);
      for (const o of outcomes) expect(o.slot).toEqual(slots[0]);
      expect(await outboxKeys()).toEqual([`report:${slots[0]?.slot}:${slots[0]?.owner}`]);
      expect(await actions()).toEqual(['schedule.claim']);
    });

    it("writes no claim at all when the effects callback throws, and hands back the caller's error", async () => {
      const broken = new Error('the caller broke');
      await expect(
        store.claimSlot(claim(), () => {
          throw broken;
        }),
      ).rejects.toBe(broken);
      expect(await store.listSlots('report')).toEqual([]);
      expect(await store.listOutbox()).toEqual([]);
      expect(await store.listAudit()).toEqual([]);
      // The slot is still free: the failed claim left no trace.
      expect((await store.claimSlot(claim(), post(claim()))).claimed).toBe(true);
      expect(await outboxKeys()).toEqual([`report:${claim().slot}:replica-a`]);
    });

    it("lists a job's slots newest slot first, in toISOString()'s spelling, 50 by default and 1 to 200", async () => {
      for (const slot of ['2026-11-21T14:00Z', '2026-11-23T14:00:00Z', '2026-11-22T14:00:00.000Z']) {
        await store.claimSlot(claim({ slot }));
        clock.advance(1);
      }
      await store.claimSlot(claim({ job: 'reminder:day-7', slot: '2026-11-24T09:00:00.000Z' }));
      expect((await store.listSlots('report')).map((s) => s.slot)).toEqual([
        '2026-11-23T14:00:00.000Z',
        '2026-11-22T14:00:00.000Z',
        '2026-11-21T14:00:00.000Z',
      ]);
      expect((await store.listSlots('report', 1)).map((s) => s.slot)).toEqual(['2026-11-23T14:00:00.000Z']);
      expect(await store.listSlots('nothing')).toEqual([]);
      for (let i = 0; i < 50; i++) {
        await store.claimSlot(
          claim({ job: 'tick', slot: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString() }),
        );
      }
      await store.claimSlot(claim({ job: 'tick', slot: '2026-02-01T00:00:00.000Z' }));
      const ticks = await store.listSlots('tick');
      expect(ticks).toHaveLength(50);
      expect(ticks[0]?.slot).toBe('2026-02-01T00:00:00.000Z');
      expect(await store.listSlots('tick', 200)).toHaveLength(51);
      await expect(store.listSlots('tick', 0)).rejects.toThrow(/limit/);
      await expect(store.listSlots('tick', 201)).rejects.toThrow(/limit/);
    });

    it('snoozes a milestone, then takes one decision that keeps the snooze, each audited and with its rows', async () => {
      expect(await store.getMilestone('m_season-2023-24')).toBeNull();
      const snoozed = await store.updateMilestone(snooze('2026-11-30'), audited(snooze('2026-11-30')), rows);
      expect(snoozed).toEqual({
        changed: true,
        state: { id: 'm_season-2023-24', snoozedUntil: '2026-11-30', decision: null, version: 1 },
      });
      // A snooze always applies: the latest one stands.
      const later = await store.updateMilestone(snooze('2026-12-07'), audited(snooze('2026-12-07')));
      expect(later.state).toMatchObject({ snoozedUntil: '2026-12-07', version: 2 });
      clock.advance(90);
      const decided = await store.updateMilestone(decide('U_LEAD1'), audited(decide('U_LEAD1')), rows);
      expect(decided).toEqual({
        changed: true,
        state: {
          id: 'm_season-2023-24',
          snoozedUntil: '2026-12-07',
          decision: {
            choice: 'proceed',
            by: 'U_LEAD1',
            byHandle: 'u_lead1',
            at: clock.iso(),
            reason: 'U_LEAD1 says so',
          },
          version: 3,
        },
      });
      expect(await store.getMilestone('m_season-2023-24')).toEqual(decided.state);
      expect(await store.getMilestone('m_other')).toBeNull();
      expect(await outboxKeys()).toEqual([
        'milestone:m_season-2023-24:1:snooze',
        'milestone:m_season-2023-24:3:U_LEAD1',
      ]);
      expect((await store.listAudit()).map((e) => [e.actor, e.action, e.result])).toEqual([
        ['U_LEAD1', 'milestone.decide', { kind: 'decide', changed: true }],
        ['U_OPS', 'milestone.snooze', { kind: 'snooze', changed: true }],
        ['U_OPS', 'milestone.snooze', { kind: 'snooze', changed: true }],
      ]);
    });

    it('answers a second decision with the first, asking for no rows and auditing the refusal', async () => {
      const first = await store.updateMilestone(decide('U_LEAD1'), audited(decide('U_LEAD1')), rows);
      clock.advance(5);
      let calls = 0;
      const second = await store.updateMilestone(
        decide('U_LEAD2', 'hold'),
        audited(decide('U_LEAD2', 'hold')),
        (s) => {
          calls += 1;
          return rows(s);
        },
      );
      expect(second).toEqual({ changed: false, state: first.state });
      expect(calls).toBe(0);
      expect(await outboxKeys()).toEqual(['milestone:m_season-2023-24:1:U_LEAD1']);
      expect((await store.listAudit()).map((e) => [e.actor, e.at, e.result])).toEqual([
        ['U_LEAD2', clock.iso(), { kind: 'decide', changed: false }],
        ['U_LEAD1', first.state.decision?.at, { kind: 'decide', changed: true }],
      ]);
      // A snooze after the decision still applies, and keeps it.
      const snoozed = await store.updateMilestone(snooze('2026-12-01'), audited(snooze('2026-12-01')));
      expect(snoozed).toEqual({
        changed: true,
        state: { ...first.state, snoozedUntil: '2026-12-01', version: 2 },
      });
    });

    it('takes exactly one of 10 concurrent decisions, with only its rows, all audited', async () => {
      const voters = Array.from({ length: 10 }, (_, i) => `U_LEAD${i}`);
      const outcomes = await Promise.all(
        voters.map((by) => store.updateMilestone(decide(by), audited(decide(by)), rows)),
      );
      expect(outcomes.filter((o) => o.changed)).toHaveLength(1);
      const stored = (await store.getMilestone('m_season-2023-24')) as MilestoneState;
      expect(stored.version).toBe(1);
      for (const o of outcomes) expect(o.state).toEqual(stored);
      expect(await outboxKeys()).toEqual(rows(stored).map((e) => e.key));
      const log = await store.listAudit(100);
      expect(log).toHaveLength(10);
      expect(log.filter((e) => (e.result as { changed: boolean }).changed).map((e) => e.actor)).toEqual([
        stored.decision?.by,
      ]);
    });

    it('takes exactly one decision from two replicas deciding at once, over an earlier snooze', async () => {
      await store.updateMilestone(snooze('2026-11-30'), audited(snooze('2026-11-30')));
      const outcomes = await withReplica((other) =>
        Promise.all(
          ['U_LEAD1', 'U_LEAD2', 'U_LEAD3', 'U_LEAD4'].map((by, i) =>
            (i % 2 ? other : store).updateMilestone(decide(by), audited(decide(by)), rows),
          ),
        ),
      );
      expect(outcomes.filter((o) => o.changed)).toHaveLength(1);
      const stored = (await store.getMilestone('m_season-2023-24')) as MilestoneState;
      expect(stored).toMatchObject({ snoozedUntil: '2026-11-30', version: 2 });
      for (const o of outcomes) expect(o.state).toEqual(stored);
      expect(await outboxKeys()).toEqual(rows(stored).map((e) => e.key));
      expect((await store.listAudit(100)).filter((e) => e.action === 'milestone.decide')).toHaveLength(4);
    });

    it("writes no milestone change at all when the effects callback throws, and hands back the caller's error", async () => {
      const broken = new Error('the caller broke');
      const throwing = (): OutboxEffect[] => {
        throw broken;
      };
      await expect(
        store.updateMilestone(decide('U_LEAD1'), audited(decide('U_LEAD1')), throwing),
      ).rejects.toBe(broken);
      expect(await store.getMilestone('m_season-2023-24')).toBeNull();
      expect(await store.listOutbox()).toEqual([]);
      expect(await store.listAudit()).toEqual([]);
      expect((await store.updateMilestone(decide('U_LEAD2'), audited(decide('U_LEAD2')))).changed).toBe(true);
    });

    it('gives back slots and milestones exactly after a restart, and still refuses a second claim and decision', async () => {
      const slot = (await store.claimSlot(claim({ late: true }))).slot;
      const decided = (await store.updateMilestone(decide('U_LEAD1'), audited(decide('U_LEAD1')))).state;
      await store.close();
      store = await harness.open();
      expect(await store.listSlots('report')).toEqual([slot]);
      expect(await store.getMilestone(decided.id)).toEqual(decided);
      expect(await store.claimSlot(claim({ owner: 'replica-b' }))).toEqual({ claimed: false, slot });
      expect(await store.updateMilestone(decide('U_LEAD2'), audited(decide('U_LEAD2')))).toEqual({
        changed: false,
        state: decided,
      });
    });

    it('refuses bad input, naming the field, and writes nothing for it', async () => {
      const refuses = async (call: Promise<unknown>, field: RegExp) => {
        await expect(call).rejects.toThrow(BadInputError);
        await expect(call).rejects.toThrow(field);
      };
      await refuses(store.claimSlot(claim({ job: 'has space' })), /job: letters, digits/);
      await refuses(store.claimSlot(claim({ slot: 'tomorrow' })), /slot: an ISO date-time/);
      await refuses(store.claimSlot(claim({ owner: '' })), /owner/);
      await refuses(store.claimSlot({ ...claim(), late: 'yes' as unknown as boolean }), /late/);
      await refuses(store.listSlots('has space'), /schedule job/);
      await refuses(store.getMilestone('m bad'), /milestone id/);
      await refuses(store.updateMilestone(snooze('2026-02-30'), audited(snooze('2026-02-30'))), /until/);
      await refuses(
        store.updateMilestone({ ...decide('U_LEAD1'), choice: '' }, audited(decide('U_LEAD1'))),
        /choice/,
      );
      await refuses(
        store.updateMilestone(
          { id: 'm_x', kind: 'forget' } as unknown as MilestoneChange,
          audited(snooze('2026-11-30')),
        ),
        /kind/,
      );
      await refuses(
        store.updateMilestone(decide('U_LEAD1'), { ...audited(decide('U_LEAD1')), action: 'Bad' }),
        /action/,
      );
      expect(await store.listSlots('report')).toEqual([]);
      expect(await store.getMilestone('m_season-2023-24')).toBeNull();
      expect(await store.listAudit()).toEqual([]);
    });

    it('opens a store of schema version 3, keeping its re-run requests, and takes slots and milestones', async () => {
      const old = await makeHarness(clock, 'version-3');
      let migrated = await old.open();
      try {
        expect(await migrated.getRerun(V3_RERUN.id)).toEqual(V3_RERUN);
        expect((await migrated.claimSlot(claim(), post(claim()))).claimed).toBe(true);
        const decided = await migrated.updateMilestone(decide('U_LEAD1'), audited(decide('U_LEAD1')));
        // The second open finds the current version: nothing to migrate, nothing lost.
        await migrated.close();
        migrated = await old.open();
        expect(await migrated.listReruns()).toEqual([V3_RERUN]);
        expect(await migrated.getMilestone(decided.state.id)).toEqual(decided.state);
        expect((await migrated.claimSlot(claim({ owner: 'replica-b' }))).claimed).toBe(false);
        expect((await migrated.listOutbox()).map((r) => r.key)).toContain(`report:${claim().slot}:replica-a`);
      } finally {
        await migrated.close();
        await old.dispose();
      }
    });

    it('opens a store of schema version 1 through every version, and takes slots and milestones', async () => {
      const old = await makeHarness(clock, 'version-1');
      const migrated = await old.open();
      try {
        expect((await migrated.claimSlot(claim())).claimed).toBe(true);
        expect((await migrated.updateMilestone(decide('U_LEAD1'), audited(decide('U_LEAD1')))).changed).toBe(
          true,
        );
        expect(await migrated.listSlots('report')).toHaveLength(1);
      } finally {
        await migrated.close();
        await old.dispose();
      }
    });
  });
}

for (const [name, makeHarness] of STORE_ADAPTERS) scheduleContract(name, makeHarness);
