import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BadInputError } from '../../src/domain/errors.js';
import type {
  AuditEntry,
  OutboxEffect,
  RerunChange,
  RerunRequest,
  StateStore,
} from '../../src/store/state-store.js';
import { confirmAudit, newRerun, PLAN, planOver, REFUSED_PLAN } from './rerun-fixtures.js';
import { cardPost, publish, type SettableClock, settableClock, voteOn } from './store-fixtures.js';
import { type MakeHarness, STORE_ADAPTERS, type StoreHarness } from './store-harnesses.js';
import { V1_REQUEST, V1_VOTE } from './version-1-store.js';
import { V2_AUDIT, V2_OUTBOX, V2_REQUEST } from './version-2-store.js';

// Re-run requests: created once per id, then moved on only by compare-and-set on their version, with
// the caller's audit entry every time and the effects' outbox rows only when the change applied.
function rerunContract(name: string, makeHarness: MakeHarness) {
  describe(`re-run requests in the state store on ${name}`, () => {
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

    const restart = async () => {
      await store.close();
      store = await harness.open();
    };
    const create = async (over: Parameters<typeof newRerun>[0] = {}): Promise<RerunRequest> =>
      (await store.createRerunRequest(newRerun(over))).request;
    const confirm = (version: number, by = 'U_OPS'): RerunChange => ({
      version,
      state: 'confirmed',
      fields: { confirmedBy: by, confirmedAt: clock.iso() },
    });
    // Keyed by who confirmed, so the outbox shows whose change wrote them.
    const announce = (r: RerunRequest): OutboxEffect[] => [
      cardPost(`rerun:${r.id}:announce:${r.confirmedBy}`, `rerun:${r.id}`),
      publish(`rerun:${r.id}:step-0:${r.confirmedBy}`, `rerun:${r.id}:queue`),
    ];
    const outboxKeys = async () => (await store.listOutbox()).map((r) => r.key);
    const logged = async (action: string) =>
      (await store.listAudit(100))
        .filter((e) => e.action === action)
        .map((e: AuditEntry) => [e.actor, e.result]);

    it("stores a new request planned at version 1, nothing released, requested at the store's time", async () => {
      const { created, request } = await store.createRerunRequest(newRerun());
      expect(created).toBe(true);
      expect(request).toEqual({
        ...newRerun(),
        version: 1,
        state: 'planned',
        requestedAt: clock.iso(),
        override: null,
        approvedBy: null,
        confirmedBy: null,
        confirmedAt: null,
        releasedSteps: 0,
        doneAt: null,
      });
      expect(await store.getRerun(request.id)).toEqual(request);
      expect(await store.getRerun('r_000000000000')).toBeNull();
    });

    it('answers a create with an id on file with the stored request, unchanged, asking for no rows', async () => {
      let calls = 0;
      const effects = (r: RerunRequest) => {
        calls += 1;
        return announce(r);
      };
      const first = await store.createRerunRequest(newRerun(), effects);
      clock.advance(60);
      const again = await store.createRerunRequest(
        newRerun({ requestedBy: 'U_OTHER', words: 'rerun failed 2022-23', plan: REFUSED_PLAN }),
        effects,
      );
      expect(again).toEqual({ created: false, request: first.request });
      expect(calls).toBe(1);
      expect(await outboxKeys()).toEqual(announce(first.request).map((e) => e.key));
      expect(await logged('rerun.request')).toEqual([
        ['U_OTHER', { id: 'r_0123456789ab', created: false }],
        ['U_OPS', { id: 'r_0123456789ab', created: true }],
      ]);
      expect((await store.listAudit()).at(-1)?.args).toEqual({
        id: 'r_0123456789ab',
        channel: 'C_OPS',
        words: newRerun().words,
        steps: 2,
        messages: 3,
        processorDates: 6,
        needsApproval: false,
        refused: false,
      });
    });

    it('creates one request from two concurrent creates with one id, on two replicas', async () => {
      const other = await harness.replica(store);
      try {
        const outcomes = await Promise.all(
          [store, other].map((s, i) =>
            s.createRerunRequest(newRerun({ requestedBy: `U_${i}` }), (r) => [
              publish(`rerun:${r.id}:plan:${r.requestedBy}`, `rerun:${r.id}`),
            ]),
          ),
        );
        expect(outcomes.map((o) => o.created).sort()).toEqual([false, true]);
        const stored = await store.getRerun(newRerun().id);
        for (const o of outcomes) expect(o.request).toEqual(stored);
        expect(await outboxKeys()).toEqual([`rerun:${stored?.id}:plan:${stored?.requestedBy}`]);
        expect(await logged('rerun.request')).toHaveLength(2);
      } finally {
        if (other !== store) await other.close();
      }
    });

    it('applies a Confirm once: the same Confirm again changes nothing, asks for no rows and says so', async () => {
      const { request } = await store.createRerunRequest(newRerun());
      clock.advance(30);
      const change = confirm(1);
      const first = await store.updateRerun(request.id, change, confirmAudit(request.id), announce);
      expect(first).toEqual({
        changed: true,
        request: {
          ...request,
          version: 2,
          state: 'confirmed',
          confirmedBy: 'U_OPS',
          confirmedAt: clock.iso(),
        },
      });
      expect(await store.getRerun(request.id)).toEqual(first.request);
      clock.advance(1);
      let calls = 0;
      const again = await store.updateRerun(request.id, change, confirmAudit(request.id), (r) => {
        calls += 1;
        return announce(r);
      });
      expect(again).toEqual({ changed: false, request: first.request });
      expect(calls).toBe(0);
      expect(await outboxKeys()).toEqual(announce(first.request).map((e) => e.key));
      const [refusal, applied] = (await store.listAudit()).filter((e) => e.action === 'rerun.confirm');
      expect(applied).toMatchObject({
        ...confirmAudit(request.id),
        result: { state: 'confirmed', changed: true },
      });
      expect(refusal).toMatchObject({
        ...confirmAudit(request.id),
        at: clock.iso(),
        result: { state: 'confirmed', changed: false },
      });
    });

    it('moves on change by change, each from the version it read, keeping the fields a change leaves out', async () => {
      const request = await create();
      const audit = (action: string) => ({ actor: 'U_LEAD', action, args: { id: request.id }, result: null });
      const waiting = await store.updateRerun(
        request.id,
        {
          version: 1,
          state: 'awaiting-approval',
          fields: { override: { by: 'U_LEAD', reason: 'upstream is being fixed' } },
        },
        audit('rerun.override'),
      );
      const approved = await store.updateRerun(
        request.id,
        { version: 2, state: 'confirmed', fields: { approvedBy: 'U_LEAD', confirmedBy: 'U_OPS' } },
        audit('rerun.approve'),
      );
      const released = await store.updateRerun(
        request.id,
        { version: 3, state: 'confirmed', fields: { releasedSteps: 1 } },
        audit('rerun.release'),
      );
      clock.advance(600);
      const done = await store.updateRerun(
        request.id,
        { version: 4, state: 'done', fields: { releasedSteps: 2, doneAt: clock.iso(), override: null } },
        audit('rerun.done'),
      );
      expect([waiting, approved, released, done].map((r) => [r.changed, r.request.version])).toEqual([
        [true, 2],
        [true, 3],
        [true, 4],
        [true, 5],
      ]);
      expect(released.request).toEqual({
        ...request,
        version: 4,
        state: 'confirmed',
        override: { by: 'U_LEAD', reason: 'upstream is being fixed' },
        approvedBy: 'U_LEAD',
        confirmedBy: 'U_OPS',
        releasedSteps: 1,
      });
      expect(await store.getRerun(request.id)).toEqual({
        ...released.request,
        version: 5,
        state: 'done',
        override: null,
        releasedSteps: 2,
        doneAt: clock.iso(),
      });
      // A result that is not an object is kept, under `value`.
      expect(await logged('rerun.done')).toEqual([['U_LEAD', { value: null, changed: true }]]);
    });

    it('refuses a change to an unknown request as NOT_FOUND, writing nothing', async () => {
      await expect(
        store.updateRerun('r_ffffffffffff', confirm(1), confirmAudit('r_ffffffffffff')),
      ).rejects.toMatchObject({
        name: 'StoreError',
        code: 'NOT_FOUND',
        message: expect.stringContaining('No re-run request r_ffffffffffff in the state store'),
      });
      expect(await store.listAudit()).toEqual([]);
    });

    it('applies exactly one of two concurrent Confirms from the same version', async () => {
      const request = await create();
      const outcomes = await Promise.all(
        ['U_OPS', 'U_ANN'].map((by) =>
          store.updateRerun(request.id, confirm(1, by), confirmAudit(request.id, by), announce),
        ),
      );
      expect(outcomes.map((o) => o.changed).sort()).toEqual([false, true]);
      const stored = await store.getRerun(request.id);
      expect(stored?.version).toBe(2);
      for (const o of outcomes) expect(o.request).toEqual(stored);
      expect(await outboxKeys()).toEqual(announce(stored as RerunRequest).map((e) => e.key));
      expect((await logged('rerun.confirm')).map(([, result]) => result)).toHaveLength(2);
    });

    it('applies exactly one of four concurrent Confirms made by two replicas, with only its rows, all audited', async () => {
      const request = await create();
      const other = await harness.replica(store);
      try {
        const voters: [StateStore, string][] = [
          [store, 'U_OPS'],
          [other, 'U_ANN'],
          [store, 'U_BOB'],
          [other, 'U_CAT'],
        ];
        const outcomes = await Promise.all(
          voters.map(([s, by]) =>
            s.updateRerun(request.id, confirm(1, by), confirmAudit(request.id, by), announce),
          ),
        );
        expect(outcomes.filter((o) => o.changed)).toHaveLength(1);
        const stored = (await store.getRerun(request.id)) as RerunRequest;
        expect(stored.version).toBe(2);
        for (const o of outcomes) expect(o.request).toEqual(stored);
        expect(await outboxKeys()).toEqual(announce(stored).map((e) => e.key));
        const audited = await logged('rerun.confirm');
        expect(audited).toHaveLength(4);
        expect(audited.filter(([, result]) => (result as { changed: boolean }).changed)).toEqual([
          [stored.confirmedBy, { state: 'confirmed', changed: true }],
        ]);
      } finally {
        if (other !== store) await other.close();
      }
    });

    it("writes nothing at all when the effects callback throws, and hands back the caller's error", async () => {
      const broken = new Error('the caller broke');
      const throwing = (): OutboxEffect[] => {
        throw broken;
      };
      await expect(store.createRerunRequest(newRerun(), throwing)).rejects.toBe(broken);
      expect(await store.getRerun(newRerun().id)).toBeNull();
      expect(await store.listAudit()).toEqual([]);
      const request = await create();
      await expect(
        store.updateRerun(request.id, confirm(1), confirmAudit(request.id), throwing),
      ).rejects.toBe(broken);
      expect(await store.getRerun(request.id)).toEqual(request);
      expect(await store.listOutbox()).toEqual([]);
      expect((await store.listAudit()).map((e) => e.action)).toEqual(['rerun.request']);
      // The same Confirm with a working callback still applies: the failed one left no trace.
      expect(
        (await store.updateRerun(request.id, confirm(1), confirmAudit(request.id), announce)).changed,
      ).toBe(true);
    });

    it('lists requests newest first, filtered by state and by the dates their plans run', async () => {
      const january = await create({ id: 'r_00000000000a' });
      clock.advance(60);
      const february = await create({ id: 'r_00000000000b', plan: planOver('2024-02-01', '2024-02-10') });
      clock.advance(60);
      // Two at one store-clock time: the one made later is listed first.
      const refused = await create({ id: 'r_00000000000c', plan: REFUSED_PLAN });
      const later = await create({ id: 'r_00000000000d', plan: planOver('2024-01-06', '2024-02-01') });
      await store.updateRerun(january.id, confirm(1), confirmAudit(january.id));
      await store.updateRerun(refused.id, { version: 1, state: 'cancelled' }, confirmAudit(refused.id));
      const ids = async (filter?: Parameters<StateStore['listReruns']>[0]) =>
        (await store.listReruns(filter)).map((r) => r.id);
      expect(await ids()).toEqual([later.id, refused.id, february.id, january.id]);
      expect(await ids({ states: ['planned'] })).toEqual([later.id, february.id]);
      expect(await ids({ states: ['confirmed', 'cancelled'] })).toEqual([refused.id, january.id]);
      expect(await ids({ states: [] })).toEqual([]);
      // Any date of the plan's span: its first message date to its last.
      expect(await ids({ range: { start: '2024-01-06', end: '2024-01-06' } })).toEqual([
        later.id,
        january.id,
      ]);
      expect(await ids({ range: { start: '2024-01-07', end: '2024-01-31' } })).toEqual([later.id]);
      expect(await ids({ range: { start: '2024-02-10', end: '2024-03-01' } })).toEqual([february.id]);
      expect(await ids({ range: { start: '2023-01-01', end: '2023-12-31' } })).toEqual([]);
      expect(await ids({ range: { start: '2024-01-01', end: '2024-12-31' }, states: ['confirmed'] })).toEqual(
        [january.id],
      );
      expect(await ids({ limit: 2 })).toEqual([later.id, refused.id]);
      expect(await store.listReruns()).toEqual([
        await store.getRerun(later.id),
        await store.getRerun(refused.id),
        february,
        await store.getRerun(january.id),
      ]);
    });

    it('lists 20 by default and 1 to 200 when asked', async () => {
      for (let i = 0; i < 21; i++) await create({ id: `r_${String(i).padStart(12, '0')}` });
      const listed = await store.listReruns();
      expect(listed).toHaveLength(20);
      expect(listed[0]?.id).toBe('r_000000000020');
      expect(await store.listReruns({ limit: 200 })).toHaveLength(21);
      await expect(store.listReruns({ limit: 0 })).rejects.toThrow(/limit/);
      await expect(store.listReruns({ limit: 201 })).rejects.toThrow(/limit/);
    });

    it('gives back a request and its plan exactly after a restart, and compares versions across it', async () => {
      const request = await create();
      const refused = await create({ id: 'r_refused', plan: REFUSED_PLAN, requestedByHandle: null });
      const waiting = await store.updateRerun(
        request.id,
        {
          version: 1,
          state: 'awaiting-approval',
          fields: { override: { by: 'U_LEAD', reason: 'fixing upstream' }, confirmedBy: 'U_OPS' },
        },
        confirmAudit(request.id),
      );
      await restart();
      expect(await store.getRerun(request.id)).toEqual(waiting.request);
      expect((await store.getRerun(request.id))?.plan).toEqual(PLAN);
      expect(await store.getRerun(refused.id)).toEqual(refused);
      expect((await store.getRerun(refused.id))?.plan).toEqual(REFUSED_PLAN);
      expect(await store.updateRerun(request.id, confirm(1), confirmAudit(request.id))).toEqual({
        changed: false,
        request: waiting.request,
      });
      expect(
        (await store.updateRerun(request.id, confirm(2), confirmAudit(request.id))).request,
      ).toMatchObject({
        version: 3,
        state: 'confirmed',
        override: { by: 'U_LEAD', reason: 'fixing upstream' },
      });
    });

    it('refuses bad input, naming the field and what is accepted, and writes nothing for it', async () => {
      const refuses = async (call: Promise<unknown>, field: RegExp) => {
        await expect(call).rejects.toThrow(BadInputError);
        await expect(call).rejects.toThrow(field);
      };
      await refuses(store.createRerunRequest(newRerun({ id: 'has space' })), /id: letters, digits/);
      await refuses(store.createRerunRequest(newRerun({ words: 'x'.repeat(501) })), /words/);
      await refuses(store.createRerunRequest(newRerun({ channel: '' })), /channel/);
      await refuses(
        store.createRerunRequest(newRerun({ plan: { steps: 'all' } as unknown as typeof PLAN })),
        /plan: a RerunPlan/,
      );
      await refuses(
        store.createRerunRequest(newRerun({ plan: planOver('2024-02-30', '2024-03-01') })),
        /plan/,
      );
      const request = await create();
      const update = (change: unknown) =>
        store.updateRerun(request.id, change as RerunChange, confirmAudit(request.id));
      await refuses(update({ version: 0, state: 'confirmed' }), /version/);
      await refuses(update({ version: 1, state: 'running' }), /state/);
      await refuses(update({ version: 1, state: 'confirmed', fields: { version: 7 } }), /fields/);
      await refuses(
        update({ version: 1, state: 'confirmed', fields: { confirmedAt: 'soon' } }),
        /confirmedAt/,
      );
      await refuses(
        update({ version: 1, state: 'confirmed', fields: { releasedSteps: 3 } }),
        /releasedSteps/,
      );
      await refuses(store.updateRerun('r bad', confirm(1), confirmAudit(request.id)), /re-run request id/);
      await refuses(
        store.updateRerun(request.id, confirm(1), { ...confirmAudit(request.id), action: 'Bad' }),
        /action/,
      );
      await refuses(store.listReruns({ states: ['running' as 'done'] }), /states/);
      expect(await store.getRerun(request.id)).toEqual(request);
      expect((await store.listAudit()).map((e) => e.action)).toEqual(['rerun.request']);
    });

    it('opens a store of schema version 2, keeping its gates, outbox and audit, and takes re-run requests', async () => {
      const old = await makeHarness(clock, 'version-2');
      let migrated = await old.open();
      try {
        expect(await migrated.getGate(V2_REQUEST.id)).toEqual({
          request: V2_REQUEST,
          state: 'pending',
          votes: [],
          decision: null,
        });
        expect((await migrated.listOutbox()).map(({ seq, ...row }) => row)).toEqual([V2_OUTBOX]);
        expect((await migrated.listAudit()).map(({ id, ...entry }) => entry)).toEqual([V2_AUDIT]);
        const { request } = await migrated.createRerunRequest(newRerun(), announce);
        const confirmed = await migrated.updateRerun(
          request.id,
          confirm(1),
          confirmAudit(request.id),
          announce,
        );
        // The second open finds version 3: nothing to migrate, nothing lost.
        await migrated.close();
        migrated = await old.open();
        expect(await migrated.listReruns()).toEqual([confirmed.request]);
        expect(await migrated.recordVote(voteOn(V2_REQUEST, 'U_ANN'))).toMatchObject({
          status: 'recorded',
          gate: { state: 'approved' },
        });
        expect((await migrated.listOutbox()).map((r) => r.key)).toEqual([
          V2_OUTBOX.key,
          ...announce(request).map((e) => e.key),
          ...announce(confirmed.request).map((e) => e.key),
        ]);
      } finally {
        await migrated.close();
        await old.dispose();
      }
    });

    it('opens a store of schema version 1 through version 2, and takes re-run requests', async () => {
      const old = await makeHarness(clock, 'version-1');
      const migrated = await old.open();
      try {
        expect((await migrated.getGate(V1_REQUEST.id))?.votes).toEqual([V1_VOTE]);
        const { request } = await migrated.createRerunRequest(newRerun());
        expect((await migrated.updateRerun(request.id, confirm(1), confirmAudit(request.id))).changed).toBe(
          true,
        );
        expect((await migrated.listReruns()).map((r) => [r.id, r.version])).toEqual([[request.id, 2]]);
      } finally {
        await migrated.close();
        await old.dispose();
      }
    });
  });
}

for (const [name, makeHarness] of STORE_ADAPTERS) rerunContract(name, makeHarness);
