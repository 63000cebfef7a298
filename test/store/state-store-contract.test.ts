import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BadInputError } from '../../src/domain/errors.js';
import type { GateRequest, StateStore, VoteInput, VoteOutcome } from '../../src/store/state-store.js';
import { CHANGED, newRequest, reply, type SettableClock, settableClock, voteOn } from './store-fixtures.js';
import { type MakeHarness, STORE_ADAPTERS, type StoreHarness } from './store-harnesses.js';
import { V1_REQUEST, V1_VOTE } from './version-1-store.js';

// Gate requests, votes, decisions and the audit log; the outbox has its own file (outbox-contract.test.ts).
function stateStoreContract(name: string, makeHarness: MakeHarness) {
  describe(`the state store contract on ${name}`, () => {
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

    const create = async (over: Parameters<typeof newRequest>[0] = {}): Promise<GateRequest> =>
      (await store.createGateRequest(newRequest(over))).request;
    const restart = async () => {
      await store.close();
      store = await harness.open();
    };

    it('stores a request and gives it back pending, with no votes', async () => {
      const { created, request } = await store.createGateRequest(newRequest());
      expect(created).toBe(true);
      expect(request.id).toMatch(/^g_[0-9a-f]{12}$/);
      expect(request).toEqual({
        ...newRequest(),
        id: request.id,
        requestedAt: clock.iso(),
        requestedByHandle: null,
        channel: null,
        messageTs: null,
      });
      expect(await store.getGate(request.id)).toEqual({
        request,
        state: 'pending',
        votes: [],
        decision: null,
      });
      expect(await store.getGate('g_000000000000')).toBeNull();
    });

    it('answers a retried create with the same id with the stored request, unchanged', async () => {
      const first = await create({ id: 'g_retry' });
      clock.advance(60);
      const again = await store.createGateRequest(newRequest({ id: 'g_retry', requestedBy: 'U_OTHER' }));
      expect(again).toEqual({ created: false, request: first });
    });

    it('keeps the handles Slack gave for the requester and the voter, null where it gave none', async () => {
      const request = await create({ requestedByHandle: 'req' });
      expect(request.requestedByHandle).toBe('req');
      const first = await store.recordVote(voteOn(request, 'U_ANN', { voterHandle: 'ann' }));
      expect(first.status === 'recorded' && first.vote.voterHandle).toBe('ann');
      const plain = await create({ requiredApprovals: 2 });
      await store.recordVote(voteOn(plain, 'U_BOB'));
      await restart();
      expect((await store.getGate(request.id))?.request.requestedByHandle).toBe('req');
      expect((await store.getGate(request.id))?.votes.map((v) => v.voterHandle)).toEqual(['ann']);
      expect((await store.getGate(plain.id))?.request.requestedByHandle).toBeNull();
      expect((await store.getGate(plain.id))?.votes.map((v) => v.voterHandle)).toEqual([null]);
    });

    it('opens a store the previous release (schema version 1) left, keeping its gates and taking new writes', async () => {
      const old = await makeHarness(clock, 'version-1');
      let migrated = await old.open();
      try {
        expect(await migrated.getGate(V1_REQUEST.id)).toEqual({
          request: V1_REQUEST,
          state: 'pending',
          votes: [V1_VOTE],
          decision: null,
        });
        const decided = await migrated.recordVote(voteOn(V1_REQUEST, 'U_BOB', { voterHandle: 'bob' }), () => [
          reply('gate:g_version1:decided', 'gate:g_version1', 'gate:g_version1:card'),
        ]);
        expect(decided).toMatchObject({
          status: 'recorded',
          gate: { state: 'approved', decision: { decidedBy: 'U_BOB', approvers: ['U_ANN', 'U_BOB'] } },
        });
        expect(decided.gate.votes.map((v) => [v.voter, v.voterHandle])).toEqual([
          ['U_ANN', null],
          ['U_BOB', 'bob'],
        ]);
        // The second open finds the current version: nothing to migrate, nothing lost.
        await migrated.close();
        migrated = await old.open();
        expect(await migrated.getGate(V1_REQUEST.id)).toEqual(decided.gate);
        expect((await migrated.listOutbox()).map((r) => [r.key, r.state])).toEqual([
          ['gate:g_version1:decided', 'pending'],
        ]);
      } finally {
        await migrated.close();
        await old.dispose();
      }
    });

    it('attaches the posted card, and refuses an unknown request', async () => {
      const request = await create();
      const gate = await store.attachMessage(request.id, 'C_OPS', '1700000000.000100');
      expect(gate.request).toMatchObject({ channel: 'C_OPS', messageTs: '1700000000.000100' });
      expect(await store.getGate(request.id)).toEqual(gate);
      await expect(store.attachMessage('g_unknown', 'C_OPS', '1.2')).rejects.toMatchObject({
        code: 'NOT_FOUND',
        message: expect.stringContaining('No gate request g_unknown'),
      });
    });

    it('lists the requests still waiting for a decision, newest first, with their votes so far', async () => {
      expect(await store.listPendingGates()).toEqual([]);
      const older = await create({ gate: '3', requiredApprovals: 2 });
      clock.advance(60);
      const decided = await create({ gate: '1' });
      clock.advance(60);
      const newer = await create({ gate: '2' });
      await store.recordVote(voteOn(older, 'U_ANN', { reason: 'ok' }));
      await store.recordVote(voteOn(decided, 'U_ANN', { reason: 'ok' }));
      const pending = await store.listPendingGates();
      expect(pending.map((g) => g.request.id)).toEqual([newer.id, older.id]);
      expect(pending[1]).toEqual(await store.getGate(older.id));
      expect(pending[1]?.votes.map((v) => v.voter)).toEqual(['U_ANN']);
      expect((await store.listPendingGates(1)).map((g) => g.request.id)).toEqual([newer.id]);
      await expect(store.listPendingGates(0)).rejects.toBeInstanceOf(BadInputError);
    });

    it('decides a one-approver request with one approval, keeping what the approver saw', async () => {
      const request = await create();
      clock.advance(30);
      const outcome = await store.recordVote(
        voteOn(request, 'U_ANN', {
          reason: 'looks complete',
          verdict: 'WARN',
          evidence: CHANGED.evidence,
          fingerprint: CHANGED.fingerprint,
        }),
      );
      const decision = {
        requestId: request.id,
        decision: 'approved',
        decidedBy: 'U_ANN',
        approvers: ['U_ANN'],
        decidedAt: clock.iso(),
        reason: 'looks complete',
        verdictAtDecision: 'WARN',
        fingerprintAtDecision: CHANGED.fingerprint,
        evidenceAtDecision: CHANGED.evidence,
      };
      expect(outcome).toMatchObject({ status: 'recorded', gate: { state: 'approved', decision } });
      expect(await store.getGate(request.id)).toEqual(outcome.gate);
    });

    it('needs two distinct approvers when requiredApprovals is 2; the same approver twice is a duplicate', async () => {
      const request = await create({ gate: '3', requiredApprovals: 2 });
      const first = await store.recordVote(voteOn(request, 'U_ANN'));
      expect(first).toMatchObject({ status: 'recorded', gate: { state: 'pending', decision: null } });
      const doubleClick = await store.recordVote(
        voteOn(request, 'U_ANN', { idempotencyKey: 'second-click' }),
      );
      expect(doubleClick).toMatchObject({
        status: 'duplicate',
        vote: { voter: 'U_ANN', idempotencyKey: `${request.id}:U_ANN:1` },
      });
      expect(doubleClick.gate.state).toBe('pending');
      clock.advance(5);
      const second = await store.recordVote(voteOn(request, 'U_BOB'));
      expect(second).toMatchObject({
        status: 'recorded',
        gate: {
          state: 'approved',
          decision: { decidedBy: 'U_BOB', approvers: ['U_ANN', 'U_BOB'], decidedAt: clock.iso() },
        },
      });
      expect(second.gate.votes.map((v) => v.voter)).toEqual(['U_ANN', 'U_BOB']);
    });

    it('decides at once on a rejection, even after a first approval of a two-approver gate', async () => {
      const request = await create({ requiredApprovals: 2 });
      await store.recordVote(voteOn(request, 'U_ANN'));
      const outcome = await store.recordVote(
        voteOn(request, 'U_CAT', { vote: 'reject', reason: 'phase 3 is short' }),
      );
      expect(outcome).toMatchObject({
        status: 'recorded',
        gate: {
          state: 'rejected',
          decision: {
            decision: 'rejected',
            decidedBy: 'U_CAT',
            approvers: ['U_ANN'],
            reason: 'phase 3 is short',
          },
        },
      });
    });

    it('closes the request to later votes, naming who decided and when', async () => {
      const request = await create();
      await store.recordVote(voteOn(request, 'U_ANN'));
      const decidedAt = clock.iso();
      clock.advance(10);
      const late = await store.recordVote(voteOn(request, 'U_BOB', { vote: 'reject' }));
      expect(late).toMatchObject({
        status: 'closed',
        decision: { decision: 'approved', decidedBy: 'U_ANN', decidedAt },
      });
      expect((await store.getGate(request.id))?.votes).toHaveLength(1);
    });

    it('treats a re-delivered vote (same idempotency key) as a duplicate, and refuses the key for another voter', async () => {
      const request = await create({ requiredApprovals: 2 });
      const first = await store.recordVote(voteOn(request, 'U_ANN'));
      const retry = await store.recordVote(voteOn(request, 'U_ANN'));
      expect(retry).toEqual({ ...first, status: 'duplicate' });
      await expect(
        store.recordVote(voteOn(request, 'U_BOB', { idempotencyKey: `${request.id}:U_ANN:1` })),
      ).rejects.toMatchObject({
        code: 'BAD_INPUT',
      });
      await expect(store.recordVote(voteOn({ ...request, id: 'g_unknown' }, 'U_ANN'))).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
    });

    for (const requiredApprovals of [1, 2]) {
      it(`records exactly one decision from 20 concurrent votes by 3 voters (${requiredApprovals} required)`, async () => {
        const request = await create({ requiredApprovals });
        const voters = ['U_ANN', 'U_BOB', 'U_CAT'];
        // Same voter and key: a Slack retry; same voter, new key: a double click.
        const votes = Array.from({ length: 20 }, (_, i) => {
          const voter = voters[i % 3] as string;
          return voteOn(request, voter, { idempotencyKey: `${voter}:${i % 2}` });
        });
        const outcomes = await Promise.all(votes.map((v) => store.recordVote(v)));
        const count = (status: VoteOutcome['status']) => outcomes.filter((o) => o.status === status).length;
        expect(count('recorded')).toBe(requiredApprovals);
        expect(count('duplicate') + count('closed')).toBe(20 - requiredApprovals);
        const gate = await store.getGate(request.id);
        expect(gate?.state).toBe('approved');
        expect(gate?.votes).toHaveLength(requiredApprovals);
        expect(new Set(gate?.votes.map((v) => v.voter)).size).toBe(requiredApprovals);
        expect(gate?.decision?.approvers).toEqual(gate?.votes.map((v) => v.voter));
        const decisions = (await store.listDecisions()).filter((d) => d.request.id === request.id);
        expect(decisions).toHaveLength(1);
        for (const o of outcomes) if (o.status === 'closed') expect(o.decision).toEqual(gate?.decision);
        const audited = (await store.listAudit(100)).filter((e) => e.action === 'gate.vote');
        expect(audited).toHaveLength(20);
      });
    }

    it('records one decision when approvals and rejections race', async () => {
      const request = await create({ requiredApprovals: 2 });
      const outcomes = await Promise.all(
        ['U_ANN', 'U_BOB', 'U_CAT', 'U_DAN'].map((voter, i) =>
          store.recordVote(voteOn(request, voter, { vote: i % 2 ? 'reject' : 'approve' })),
        ),
      );
      const gate = await store.getGate(request.id);
      expect(gate?.decision).not.toBeNull();
      expect(
        outcomes
          .filter((o) => o.status === 'closed')
          .every((o) => o.gate.decision?.decidedBy === gate?.decision?.decidedBy),
      ).toBe(true);
      expect((await store.listDecisions()).filter((d) => d.request.id === request.id)).toHaveLength(1);
    });

    it('lists decisions newest first with the verdict and fingerprint at decision time, filtered by range and gate', async () => {
      const season = await create({
        gate: '1',
        range: { start: '2023-10-24', end: '2024-06-17' },
        rangeLabel: '2023-24',
      });
      const week = await create({
        gate: '2',
        range: { start: '2024-11-04', end: '2024-11-10' },
        rangeLabel: 'week',
      });
      await create({ gate: '1', range: { start: '2024-10-22', end: '2025-06-22' }, rangeLabel: '2024-25' });
      clock.advance(60);
      await store.recordVote(voteOn(season, 'U_ANN', { reason: 'ok' }));
      clock.advance(60);
      await store.recordVote(
        voteOn(week, 'U_BOB', {
          vote: 'reject',
          reason: 'stale',
          verdict: 'WARN',
          fingerprint: CHANGED.fingerprint,
          evidence: CHANGED.evidence,
        }),
      );
      const history = await store.listDecisions();
      expect(history.map((h) => [h.request.id, h.decision.decision])).toEqual([
        [week.id, 'rejected'],
        [season.id, 'approved'],
      ]);
      expect(history[0]).toEqual({
        request: week,
        decision: {
          requestId: week.id,
          decision: 'rejected',
          decidedBy: 'U_BOB',
          approvers: [],
          decidedAt: clock.iso(),
          reason: 'stale',
          verdictAtDecision: 'WARN',
          fingerprintAtDecision: CHANGED.fingerprint,
          evidenceAtDecision: CHANGED.evidence,
        },
      });
      const ids = async (filter: Parameters<StateStore['listDecisions']>[0]) =>
        (await store.listDecisions(filter)).map((h) => h.request.id);
      expect(await ids({ range: { start: '2024-06-17', end: '2024-06-30' } })).toEqual([season.id]);
      expect(await ids({ range: { start: '2024-11-10', end: '2025-01-01' } })).toEqual([week.id]);
      expect(await ids({ range: { start: '2025-01-01', end: '2025-02-01' } })).toEqual([]);
      expect(await ids({ gate: '1' })).toEqual([season.id]);
      expect(await ids({ limit: 1 })).toEqual([week.id]);
    });

    it('leaves one audit entry per write, with who, what, the arguments, the result and the time', async () => {
      const request = await create({ id: 'g_audit', requiredApprovals: 2 });
      await store.createGateRequest(newRequest({ id: 'g_audit' }));
      await store.attachMessage(request.id, 'C_OPS', '1.5');
      clock.advance(1);
      await store.recordVote(voteOn(request, 'U_ANN', { reason: 'fine' }));
      await store.recordVote(voteOn(request, 'U_ANN'));
      const custom = await store.audit({
        actor: 'U_ANN',
        action: 'rerun.publish',
        args: { processor: 'PlayerDailyCacheProcessor', dates: ['2024-01-02'] },
        result: { published: 1 },
      });
      const log = await store.listAudit();
      expect(log.map((e) => [e.actor, e.action, e.result])).toEqual([
        ['U_ANN', 'rerun.publish', { published: 1 }],
        ['U_ANN', 'gate.vote', { status: 'duplicate', state: 'pending', decidedBy: null }],
        ['U_ANN', 'gate.vote', { status: 'recorded', state: 'pending', decidedBy: null }],
        ['backfill-bot', 'gate.message', { attached: true }],
        ['U_REQ', 'gate.request', { id: 'g_audit', created: false }],
        ['U_REQ', 'gate.request', { id: 'g_audit', created: true }],
      ]);
      expect(log[0]).toEqual(custom);
      expect(log[2]).toMatchObject({
        at: clock.iso(),
        args: {
          requestId: 'g_audit',
          vote: 'approve',
          reason: 'fine',
          idempotencyKey: 'g_audit:U_ANN:1',
          fingerprint: request.fingerprint,
        },
      });
      expect(new Set(log.map((e) => e.id)).size).toBe(log.length);
      expect(await store.listAudit(2)).toEqual(log.slice(0, 2));
    });

    it('keeps everything across a restart, and a vote re-delivered after it is still a duplicate', async () => {
      const request = await create({ requiredApprovals: 2 });
      await store.attachMessage(request.id, 'C_OPS', '1.5');
      await store.recordVote(voteOn(request, 'U_ANN'));
      const before = await store.getGate(request.id);
      const auditBefore = await store.listAudit();
      await restart();
      expect(await store.getGate(request.id)).toEqual(before);
      expect(await store.listAudit()).toEqual(auditBefore);
      expect(await store.recordVote(voteOn(request, 'U_ANN'))).toMatchObject({ status: 'duplicate' });
      const decided = await store.recordVote(voteOn(request, 'U_BOB'));
      await restart();
      expect(await store.getGate(request.id)).toEqual(decided.gate);
      expect(await store.recordVote(voteOn(request, 'U_BOB'))).toMatchObject({ status: 'duplicate' });
      expect(await store.recordVote(voteOn(request, 'U_CAT'))).toMatchObject({
        status: 'closed',
        decision: { decidedBy: 'U_BOB' },
      });
      expect(await store.listDecisions()).toEqual([
        { request: decided.gate.request, decision: decided.gate.decision },
      ]);
    });

    it('refuses bad input, naming the field and what is accepted', async () => {
      await expect(store.createGateRequest(newRequest({ requiredApprovals: 0 }))).rejects.toThrow(
        BadInputError,
      );
      await expect(store.createGateRequest(newRequest({ requiredApprovals: 0 }))).rejects.toThrow(
        /requiredApprovals/,
      );
      await expect(
        store.createGateRequest(newRequest({ range: { start: '2024-02-01', end: '2024-01-01' } })),
      ).rejects.toThrow(/start is not after its end/);
      await expect(store.createGateRequest(newRequest({ id: 'has space' }))).rejects.toThrow(
        /id: letters, digits/,
      );
      await expect(
        store.audit({ actor: 'U_A', action: 'Rerun Publish', args: {}, result: {} }),
      ).rejects.toThrow(/action/);
      expect(await store.listAudit()).toEqual([]);
    });

    it('agrees with a sequential model of the rule for any sequence of votes', async () => {
      const voteArb = fc.record({
        voter: fc.constantFrom('U_ANN', 'U_BOB', 'U_CAT', 'U_DAN'),
        vote: fc.constantFrom<VoteInput['vote']>('approve', 'approve', 'reject'),
        click: fc.integer({ min: 0, max: 1 }),
      });
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1, max: 3 }),
          fc.array(voteArb, { maxLength: 8 }),
          async (required, seq) => {
            const request = await create({ requiredApprovals: required });
            const voted = new Set<string>();
            const approvers: string[] = [];
            let decidedBy: string | null = null;
            for (const v of seq) {
              // Keys carry the voter, so a re-delivered key is always also a second vote by that voter.
              const idempotencyKey = `${request.id}:${v.voter}:${v.click}`;
              const outcome = await store.recordVote(
                voteOn(request, v.voter, { vote: v.vote, idempotencyKey }),
              );
              const expected = voted.has(v.voter) ? 'duplicate' : decidedBy ? 'closed' : 'recorded';
              expect(outcome.status).toBe(expected);
              if (expected !== 'recorded') continue;
              voted.add(v.voter);
              if (v.vote === 'approve') approvers.push(v.voter);
              if (v.vote === 'reject' || approvers.length >= required) decidedBy = v.voter;
            }
            const gate = await store.getGate(request.id);
            expect(gate?.decision?.decidedBy ?? null).toBe(decidedBy);
            expect(gate?.votes.map((v) => v.voter)).toEqual([...voted]);
          },
        ),
        { numRuns: 20 },
      );
    });
  });
}

for (const [name, makeHarness] of STORE_ADAPTERS) stateStoreContract(name, makeHarness);
