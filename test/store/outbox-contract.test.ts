import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outbox } from '../../src/outbox/outbox-payload.js';
import {
  type OutboxEffect,
  type OutboxRow,
  type StateStore,
  SUPERSEDED,
  type VoteOutcome,
} from '../../src/store/state-store.js';
import {
  cardPost,
  newRequest,
  publish,
  reply,
  type SettableClock,
  SOME_AUDIT,
  settableClock,
  voteOn,
} from './store-fixtures.js';
import { type MakeHarness, STORE_ADAPTERS, type StoreHarness } from './store-harnesses.js';

const LEASE = { leaseMs: 30_000 };

// The outbox: rows written in the same transaction as the action that asks for them, claimed by
// relay replicas one stream head at a time, completed or failed by the owner that holds them.
function outboxContract(name: string, makeHarness: MakeHarness) {
  describe(`the state store's outbox on ${name}`, () => {
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

    const keys = (rows: OutboxRow[]) => rows.map((r) => r.key);
    const claim = (owner: string, limit = 10, leaseMs = LEASE.leaseMs) =>
      store.claimOutbox({ owner, limit, leaseMs });
    const enqueue = (...effects: OutboxEffect[]) => store.enqueue(effects, SOME_AUDIT);
    const later = (seconds: number) => new Date(clock.now().getTime() + seconds * 1000).toISOString();

    it("writes a vote's rows with the vote, from the outcome the vote was judged to", async () => {
      const { request } = await store.createGateRequest(newRequest());
      const seen: VoteOutcome[] = [];
      const outcome = await store.recordVote(voteOn(request, 'U_ANN'), (judged) => {
        seen.push(judged);
        return [
          reply(`gate:${request.id}:decided`, `gate:${request.id}`, `gate:${request.id}:card`),
          publish(`gate:${request.id}:start`, 'phase-4'),
        ];
      });
      expect(seen.at(-1)).toEqual(outcome);
      expect(outcome).toMatchObject({ status: 'recorded', gate: { state: 'approved' } });
      const rows = await store.listOutbox();
      expect(keys(rows)).toEqual([`gate:${request.id}:decided`, `gate:${request.id}:start`]);
      expect(rows[0]).toEqual({
        ...reply(`gate:${request.id}:decided`, `gate:${request.id}`, `gate:${request.id}:card`),
        seq: rows[0]?.seq,
        state: 'pending',
        attempts: 0,
        createdAt: clock.iso(),
        nextAttemptAt: clock.iso(),
        claimedBy: null,
        claimedUntil: null,
        lastError: null,
        result: null,
        deliveredAt: null,
      });
    });

    it("writes a new request's rows with it, and asks for none when a retried create finds it", async () => {
      let calls = 0;
      const card = (id: string) => {
        calls += 1;
        return [cardPost(`gate:${id}:card`, `gate:${id}`, id)];
      };
      const { request } = await store.createGateRequest(newRequest({ id: 'g_cards' }), (r) => card(r.id));
      const again = await store.createGateRequest(newRequest({ id: 'g_cards' }), (r) => card(r.id));
      expect(again.created).toBe(false);
      expect(calls).toBe(1);
      expect(keys(await store.listOutbox())).toEqual([`gate:${request.id}:card`]);
    });

    it('writes nothing at all when the rows callback throws, and passes its error on as it was', async () => {
      const boom = new Error('cannot render the card');
      const creating = store.createGateRequest(newRequest({ id: 'g_boom' }), () => {
        throw boom;
      });
      await expect(creating).rejects.toBe(boom);
      expect(await store.getGate('g_boom')).toBeNull();
      const { request } = await store.createGateRequest(newRequest());
      const audited = (await store.listAudit()).length;
      const voting = store.recordVote(voteOn(request, 'U_ANN'), () => {
        throw boom;
      });
      await expect(voting).rejects.toBe(boom);
      expect(await store.getGate(request.id)).toMatchObject({ state: 'pending', votes: [], decision: null });
      expect(await store.listAudit()).toHaveLength(audited);
      expect(await store.listOutbox()).toEqual([]);
    });

    it('writes no rows for a duplicate vote when the callback returns none for it', async () => {
      const { request } = await store.createGateRequest(newRequest({ requiredApprovals: 2 }));
      const rows = (o: VoteOutcome) =>
        o.status === 'recorded' ? [reply(`vote:${o.vote.voter}`, `gate:${request.id}`, 'card')] : [];
      await store.recordVote(voteOn(request, 'U_ANN'), rows);
      const duplicate = await store.recordVote(voteOn(request, 'U_ANN'), rows);
      expect(duplicate.status).toBe('duplicate');
      expect(keys(await store.listOutbox())).toEqual(['vote:U_ANN']);
    });

    it('enqueues rows with one audit entry in one step; a key written before is left as it was', async () => {
      await store.enqueue([publish('a', 's1'), publish('b', 's2')], SOME_AUDIT);
      const before = await store.getOutbox('a');
      clock.advance(5);
      await store.enqueue(
        [{ ...publish('a', 'elsewhere'), payload: { changed: true } }, publish('c', 's1')],
        { ...SOME_AUDIT, action: 'test.again' },
      );
      expect(await store.getOutbox('a')).toEqual(before);
      expect(keys(await store.listOutbox())).toEqual(['a', 'b', 'c']);
      expect((await store.listAudit()).map((e) => e.action)).toEqual(['test.again', 'test.enqueue']);
      await store.enqueue([], { ...SOME_AUDIT, action: 'test.refused' });
      expect((await store.listAudit()).map((e) => e.action)).toContain('test.refused');
    });

    it('claims the oldest due rows first, up to the limit, leasing them to the owner and counting the attempt', async () => {
      await enqueue(publish('first', 's1'), publish('second', 's2'), publish('third', 's3'));
      const claimed = await claim('relay-a', 2);
      expect(keys(claimed)).toEqual(['first', 'second']);
      for (const row of claimed) {
        expect(row).toMatchObject({
          state: 'pending',
          attempts: 1,
          claimedBy: 'relay-a',
          claimedUntil: later(30),
        });
        expect(await store.getOutbox(row.key)).toEqual(row);
      }
      expect(keys(await claim('relay-a'))).toEqual(['third']);
      expect(await claim('relay-a')).toEqual([]);
    });

    it("claims only a stream's head: the next row waits until the head is delivered or failed", async () => {
      await enqueue(cardPost('card', 'gate:1'), reply('reply', 'gate:1', 'card'), publish('other', 'q'));
      await enqueue(publish('u1', 'u'), publish('u2', 'u'));
      expect(keys(await claim('relay-a', 10, 3_600_000))).toEqual(['card', 'other', 'u1']);
      expect(await claim('relay-b')).toEqual([]);
      // A head backing off still holds its stream back.
      await store.failOutbox('card', 'relay-a', 'rate limited', later(60));
      expect(await claim('relay-b')).toEqual([]);
      clock.advance(60);
      expect(keys(await claim('relay-b'))).toEqual(['card']);
      expect(await store.completeOutbox('card', 'relay-b', { channel: 'C_OPS', ts: '1.1' })).toBe(true);
      expect(await store.failOutbox('u1', 'relay-a', 'gone', null)).toBe(true);
      expect(keys(await claim('relay-b'))).toEqual(['reply', 'u2']);
    });

    it("completes a person's older Home refreshes as superseded when it claims, and hands out the newest; one in delivery or backing off is left", async () => {
      const home = (key: string, user = 'U_ANN') => outbox.home(key, { user });
      await enqueue(home('ann-1'), home('ann-2'), home('ann-3'), home('bob-1', 'U_BOB'), publish('q-1', 'q'));
      // A refresh settles a second first, so the ones right behind it can replace it.
      expect(keys(await claim('relay-a'))).toEqual(['q-1']);
      clock.advance(1);
      expect(keys(await claim('relay-a'))).toEqual(['ann-3', 'bob-1']);
      for (const key of ['ann-1', 'ann-2']) {
        expect(await store.getOutbox(key)).toMatchObject({
          state: 'delivered',
          result: SUPERSEDED,
          attempts: 0,
          deliveredAt: clock.iso(),
          claimedBy: null,
        });
      }
      // bob-1 is in delivery and ann-3 backs off: the rows written behind them wait their turn.
      await store.failOutbox('ann-3', 'relay-a', 'Slack did not serve views.publish (HTTP 500)', later(60));
      await enqueue(home('ann-4'), home('bob-2', 'U_BOB'));
      expect(await claim('relay-b')).toEqual([]);
      expect(await store.getOutbox('bob-1')).toMatchObject({ state: 'pending', claimedBy: 'relay-a' });
      expect(await store.getOutbox('ann-3')).toMatchObject({ state: 'pending', attempts: 1 });
      clock.advance(60);
      // Due again, ann-3 is replaced by ann-4; bob-1's lease ran out, so it is taken again.
      const taken = keys(await claim('relay-b'));
      expect(taken).toContain('ann-4');
      expect(await store.getOutbox('ann-3')).toMatchObject({ state: 'delivered', result: SUPERSEDED });
    });

    it('hides a leased row from every owner until the lease runs out; then another takes it, and the first may no longer complete it', async () => {
      await enqueue(publish('row', 's'));
      expect(keys(await claim('relay-a'))).toEqual(['row']);
      expect(await claim('relay-b')).toEqual([]);
      expect(await claim('relay-a')).toEqual([]);
      clock.advance(29);
      expect(await claim('relay-b')).toEqual([]);
      clock.advance(1);
      const [taken] = await claim('relay-b');
      expect(taken).toMatchObject({ key: 'row', claimedBy: 'relay-b', attempts: 2, claimedUntil: later(30) });
      expect(await store.completeOutbox('row', 'relay-a', { messageId: 'late' })).toBe(false);
      expect(await store.getOutbox('row')).toEqual(taken);
      expect(await store.completeOutbox('row', 'relay-b', { messageId: 'm1' })).toBe(true);
    });

    it('lets the owner whose lease ran out still complete the row while nobody else has taken it', async () => {
      await enqueue(publish('row', 's'));
      await claim('relay-a');
      clock.advance(600);
      expect(await store.completeOutbox('row', 'relay-a', { messageId: 'm1' })).toBe(true);
    });

    it('completes a row for its owner only: delivered, with the result and time, the claim cleared', async () => {
      await enqueue(publish('row', 's'));
      const [held] = await claim('relay-a');
      expect(await store.completeOutbox('row', 'relay-b', { messageId: 'x' })).toBe(false);
      expect(await store.failOutbox('row', 'relay-b', 'not mine', null)).toBe(false);
      expect(await store.getOutbox('row')).toEqual(held);
      clock.advance(2);
      expect(await store.completeOutbox('row', 'relay-a', { messageId: 'm1' })).toBe(true);
      const done = await store.getOutbox('row');
      expect(done).toEqual({
        ...held,
        state: 'delivered',
        result: { messageId: 'm1' },
        deliveredAt: clock.iso(),
        claimedBy: null,
        claimedUntil: null,
      });
      expect(await store.completeOutbox('row', 'relay-a', { messageId: 'm2' })).toBe(false);
      expect(await store.failOutbox('row', 'relay-a', 'late', null)).toBe(false);
      expect(await store.getOutbox('row')).toEqual(done);
      expect(await claim('relay-a')).toEqual([]);
      expect(await store.completeOutbox('unknown', 'relay-a', {})).toBe(false);
    });

    it('fails a row with a retry time (pending again from then) or for good (never claimed again)', async () => {
      await enqueue(publish('row', 's'));
      await claim('relay-a');
      const retryAt = later(60);
      expect(await store.failOutbox('row', 'relay-a', 'Slack said ratelimited', retryAt)).toBe(true);
      expect(await store.getOutbox('row')).toMatchObject({
        state: 'pending',
        attempts: 1,
        nextAttemptAt: retryAt,
        lastError: 'Slack said ratelimited',
        claimedBy: null,
        claimedUntil: null,
      });
      clock.advance(59);
      expect(await claim('relay-a')).toEqual([]);
      clock.advance(1);
      expect(await claim('relay-a')).toMatchObject([{ key: 'row', attempts: 2 }]);
      expect(await store.failOutbox('row', 'relay-a', 'channel_not_found', null)).toBe(true);
      clock.advance(86_400);
      expect(await claim('relay-b')).toEqual([]);
      expect(await store.listOutbox({ state: 'failed' })).toMatchObject([
        { key: 'row', state: 'failed', attempts: 2, lastError: 'channel_not_found', claimedBy: null },
      ]);
    });

    it('completing a card post attaches it to its gate request in the same step, as attachMessage did', async () => {
      const { request } = await store.createGateRequest(newRequest(), (r) => [
        cardPost(`gate:${r.id}:card`, `gate:${r.id}`, r.id),
      ]);
      await enqueue(cardPost('plain', 'elsewhere'));
      await claim('relay-a');
      expect(
        await store.completeOutbox(`gate:${request.id}:card`, 'relay-a', { channel: 'C_OPS', ts: '17.5' }),
      ).toBe(true);
      expect(await store.completeOutbox('plain', 'relay-a', { channel: 'C_ELSE', ts: '18.5' })).toBe(true);
      expect((await store.getGate(request.id))?.request).toMatchObject({
        channel: 'C_OPS',
        messageTs: '17.5',
      });
      const [entry] = await store.listAudit(1);
      expect(entry).toMatchObject({
        actor: 'backfill-bot',
        action: 'gate.message',
        args: { requestId: request.id, channel: 'C_OPS', messageTs: '17.5' },
      });
    });

    it('lists rows in written order, narrowed by stream and state; gives one row by key', async () => {
      await enqueue(publish('a', 's1'), publish('b', 's2'), publish('c', 's1'));
      await claim('relay-a', 1);
      await store.completeOutbox('a', 'relay-a', { messageId: 'm' });
      expect(keys(await store.listOutbox())).toEqual(['a', 'b', 'c']);
      expect(keys(await store.listOutbox({ stream: 's1' }))).toEqual(['a', 'c']);
      expect(keys(await store.listOutbox({ state: 'pending' }))).toEqual(['b', 'c']);
      expect(keys(await store.listOutbox({ stream: 's1', state: 'delivered' }))).toEqual(['a']);
      expect(keys(await store.listOutbox({ limit: 2 }))).toEqual(['a', 'b']);
      const rows = await store.listOutbox();
      expect([...rows].sort((x, y) => (x.seq < y.seq ? -1 : 1))).toEqual(rows);
      expect(await store.getOutbox('b')).toEqual(rows[1]);
      expect(await store.getOutbox('nope')).toBeNull();
    });

    it('refuses bad outbox input, naming the field, and writes nothing', async () => {
      const bad = (effect: Partial<OutboxEffect>) =>
        store.enqueue([{ ...publish('k', 's'), ...effect }], SOME_AUDIT);
      await expect(bad({ key: '' })).rejects.toThrow(/key: printable ASCII, 1 to 200/);
      await expect(bad({ key: 'x'.repeat(201) })).rejects.toThrow(/key/);
      await expect(bad({ stream: 'tab\there' })).rejects.toThrow(/stream/);
      await expect(bad({ kind: 'chat.delete' as OutboxEffect['kind'] })).rejects.toThrow(/kind/);
      await expect(claim('relay-a', 0)).rejects.toThrow(/limit/);
      await expect(claim('relay-a', 1001)).rejects.toThrow(/limit/);
      await expect(claim('relay-a', 1, 0)).rejects.toThrow(/leaseMs/);
      await expect(claim('relay-a', 1, 3_600_001)).rejects.toThrow(/leaseMs/);
      await expect(claim('', 1)).rejects.toThrow(/owner/);
      await expect(store.failOutbox('k', 'relay-a', 'e', 'tomorrow')).rejects.toThrow(/retry time/);
      await expect(store.listOutbox({ limit: 0 })).rejects.toMatchObject({ code: 'BAD_INPUT' });
      expect(await store.listOutbox()).toEqual([]);
      expect(await store.listAudit()).toEqual([]);
    });

    it('never hands one row to two owners, however their claims and completions interleave', async () => {
      const other = await harness.replica(store);
      try {
        const all = Array.from({ length: 24 }, (_, i) => `row:${String(i).padStart(2, '0')}`);
        await store.enqueue(
          all.map((key, i) => publish(key, `stream:${i % 6}`)),
          SOME_AUDIT,
        );
        const holder = new Map<string, string>();
        const doubleClaims: string[] = [];
        const relay = async (replica: StateStore, owner: string) => {
          for (let round = 0; round < 200 && holder.size < all.length; round++) {
            const rows = await replica.claimOutbox({ owner, limit: 3, ...LEASE });
            for (const row of rows) {
              if (holder.has(row.key)) doubleClaims.push(`${row.key}: ${holder.get(row.key)} and ${owner}`);
              holder.set(row.key, owner);
            }
            for (const row of rows) {
              expect(await replica.completeOutbox(row.key, owner, { messageId: row.key })).toBe(true);
            }
          }
        };
        await Promise.all([relay(store, 'relay-a'), relay(other, 'relay-b'), relay(other, 'relay-c')]);
        expect(doubleClaims).toEqual([]);
        const rows = await store.listOutbox();
        expect(rows.map((r) => [r.key, r.state, r.attempts])).toEqual(all.map((k) => [k, 'delivered', 1]));
        // Both sides took part, so the claims really did meet.
        expect(new Set(holder.values()).size).toBeGreaterThan(1);
      } finally {
        if (other !== store) await other.close();
      }
    }, 60_000);
  });
}

for (const [name, makeHarness] of STORE_ADAPTERS) outboxContract(name, makeHarness);
