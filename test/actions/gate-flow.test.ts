import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionPorts, Actor } from '../../src/actions/action-ports.js';
import { requestGateDecision } from '../../src/actions/gate-request.js';
import { castGateVote, type GateVoteInput } from '../../src/actions/gate-vote.js';
import { FixedDirectory } from '../../src/chat/fixed-directory.js';
import { RecordingChat } from '../../src/chat/recording-chat.js';
import { type GateWords, gateCommand } from '../../src/commands/gate.js';
import { type Message, plainText } from '../../src/domain/message.js';
import { OutboxRelay } from '../../src/outbox/outbox-relay.js';
import { LocalQueue } from '../../src/queue/local/local-queue.js';
import { DuckdbStateStore } from '../../src/store/duckdb/duckdb-state-store.js';
import { catalog, duckdbPorts } from '../support/ports.js';
import { buildTinyWarehouse } from '../support/tiny-warehouse.js';

// The whole gate flow against the core: a real DuckDB warehouse and store, the recording chat and a
// fixed directory. No Slack: the fronts only render and deliver what these operations return.

const DATES = ['2023-11-01', '2023-11-02', '2023-11-03'];
const RANGE = '2023-11-01..2023-11-03';
const phase3 = (dates: string[]) =>
  Object.fromEntries(catalog.tables.filter((t) => t.phase === 3).map((t) => [t.table, dates]));
const silent = { info() {}, warn() {}, error() {} };

const ops: Actor = { id: 'U0OPS', handle: 'ops', channel: 'C0OPS' };
const lead1: Actor = { id: 'U0LEAD1', handle: 'lead1', channel: 'C0OPS' };
const lead2: Actor = { id: 'U0LEAD2', handle: 'lead2', channel: 'C0OPS' };
const rando: Actor = { id: 'U0RANDO', handle: 'rando', channel: 'C0OPS' };

/** Every text of a message, with people as @handle: what a reader of any front sees. */
const words = (m: Message | null | undefined): string =>
  (m?.blocks ?? [])
    .map((b) => ('text' in b && b.kind !== 'header' ? plainText(b.text) : b.kind === 'header' ? b.text : ''))
    .join('\n');

describe('the gate flow in the core (no Slack)', () => {
  let dir: string;
  let ports: ActionPorts;
  let chat: RecordingChat;
  let queue: LocalQueue;
  let relay: OutboxRelay;
  const cleanups: (() => unknown)[] = [];

  const open = async (present: string[]): Promise<ActionPorts> => {
    const tiny = await buildTinyWarehouse(catalog, { finalDates: DATES, present: phase3(present) });
    const warehouse = await duckdbPorts(tiny.path, '2023-11-05');
    cleanups.push(() => warehouse.warehouse.close(), tiny.cleanup);
    return { ...ports, warehouse: warehouse.warehouse };
  };
  const request = async (gate: string, actor: Actor, key: string, at = ports) => {
    const parsed = gateCommand.parse([gate, RANGE], at) as GateWords;
    if (parsed.kind !== 'verdict') throw new Error('a verdict request');
    return requestGateDecision({ rule: parsed.rule, range: parsed.range, actor, key }, at);
  };
  const vote = (input: Partial<GateVoteInput> & Pick<GateVoteInput, 'requestId' | 'actor'>, at = ports) =>
    castGateVote({ vote: 'approve', reason: null, key: `${input.actor.id}:${Math.random()}`, ...input }, at);
  // A post carries the key of its latest write: the card's post, or one of its updates.
  const card = (requestId: string) => chat.posts.find((p) => p.key.startsWith(`gate:${requestId}:card`));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'backfill-flow-'));
    const tiny = await buildTinyWarehouse(catalog, { finalDates: DATES, present: phase3(DATES.slice(0, 2)) });
    const base = await duckdbPorts(tiny.path, '2023-11-05');
    cleanups.push(() => base.warehouse.close(), tiny.cleanup);
    const store = await DuckdbStateStore.open({ path: join(dir, 'state.duckdb'), clock: base.clock });
    cleanups.push(() => store.close());
    chat = new RecordingChat({ notInChannel: { C0QUIET: 'quiet' } });
    queue = new LocalQueue(join(dir, 'queue.jsonl'), base.clock);
    ports = {
      ...base,
      store,
      chat,
      directory: new FixedDirectory({ groups: { S0LEADS: ['U0LEAD1', 'U0LEAD2'] } }),
    };
    relay = new OutboxRelay({ store, chat, queue, clock: base.clock, log: silent });
  });
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('requests Gate 1 (FAIL), refuses the requester and a non-approver, takes an override with a reason, and starts Phase 4 once', async () => {
    const asked = await request('1', ops, 'trigger-1');
    expect(asked.created).toBe(true);
    expect(asked.record.request.verdict).toBe('FAIL');
    expect(words(asked.answer)).toContain(`request ${asked.record.request.id}`);
    // Nothing is posted by the action itself: the relay delivers the card.
    expect(card(asked.record.request.id)).toBeUndefined();
    await relay.drain();
    const posted = card(asked.record.request.id);
    expect(posted?.ref.channel).toBe('C0OPS');
    expect(words(posted?.message)).toContain('requested by @ops');
    const id = asked.record.request.id;

    // A re-delivered command (same key) opens no second request and posts no second card.
    expect((await request('1', ops, 'trigger-1')).created).toBe(false);
    await relay.drain();
    expect(chat.posts.filter((p) => p.key.startsWith(`gate:${id}:card`))).toHaveLength(1);

    const byRando = await vote({ requestId: id, actor: rando, reason: 'looks fine' });
    expect(byRando.kind).toBe('refused');
    expect(words(byRando.answer)).toBe('You are not an approver for gate 1; approvers: @S0LEADS.');
    const byRequester = await vote({ requestId: id, actor: ops, reason: 'mine' });
    expect(byRequester).toMatchObject({ kind: 'refused', refusal: 'not-approver' });

    const button = await vote({ requestId: id, actor: lead1 });
    expect(button.kind).toBe('needs-reason');
    expect(button.kind === 'needs-reason' && button.form.payload).toEqual({
      requestId: id,
      vote: 'approve',
      channel: 'C0OPS',
    });
    expect(await ports.store.getGate(id)).toMatchObject({ votes: [] });

    const approved = await vote({
      requestId: id,
      actor: lead1,
      reason: 'preseason-only weeks',
      key: 'view:1',
    });
    expect(approved).toMatchObject({ kind: 'recorded', decided: true });
    // The same submission re-delivered is a duplicate and sends nothing more.
    expect((await vote({ requestId: id, actor: lead1, reason: 'again', key: 'view:1' })).kind).toBe('closed');
    await relay.drain();

    const updated = card(id);
    expect(words(updated?.message)).toContain('Approved over FAIL by @lead1 at');
    expect(words(updated?.message)).toContain('preseason-only weeks');
    expect(updated?.message.blocks.some((b) => b.kind === 'actions')).toBe(false);
    expect(chat.updates.filter((u) => u.ref.ts === posted?.ref.ts)).toHaveLength(1);
    const [reply, ...moreReplies] = chat.messages('C0OPS', posted?.ref);
    expect(moreReplies).toEqual([]);
    expect(words(reply?.message)).toContain('Gate 1 (2023-11-01..2023-11-03): Approved over FAIL by @lead1');
    expect(words(reply?.message)).toContain(
      'Phase 4 (precompute) start queued for nba-phase4-precompute-trigger',
    );
    const published = await queue.published();
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({
      key: `gate:${id}:stage-start`,
      topic: 'nba-phase4-precompute-trigger',
      data: {
        schema: 'backfill-bot.stage-start/v1',
        kind: 'stage-start',
        message_key: `gate:${id}:stage-start`,
        request_id: id,
        gate: '1',
        phase: 4,
        start_date: '2023-11-01',
        end_date: '2023-11-03',
        approved_by: ['U0LEAD1'],
      },
      attributes: { message_key: `gate:${id}:stage-start`, request_id: id, kind: 'stage-start', gate: '1' },
    });

    const late = await vote({ requestId: id, actor: lead2 });
    expect(late.kind).toBe('closed');
    expect(words(late.answer)).toContain('Already decided: Approved over FAIL by @lead1');
    const audit = await ports.store.listAudit(50);
    expect(
      audit
        .filter((a) => a.action === 'gate.vote.refused')
        .map((a) => a.actor)
        .sort(),
    ).toEqual(['U0OPS', 'U0RANDO']);
  });

  it('does not let the requester approve their own gate, even as an approver', async () => {
    const asked = await request('1', lead2, 'trigger-self');
    const self = await vote({ requestId: asked.record.request.id, actor: lead2, reason: 'trust me' });
    expect(self).toMatchObject({ kind: 'refused', refusal: 'self-approval' });
    expect(words(self.answer)).toBe('You requested this gate: another approver must approve it.');
  });

  it('asks two distinct approvers for Gate 3 and decides exactly once under concurrent votes', async () => {
    const asked = await request('3', ops, 'trigger-3');
    const id = asked.record.request.id;
    expect(asked.record.request.requiredApprovals).toBe(2);
    const first = await vote({ requestId: id, actor: lead1, reason: 'r1' });
    expect(first).toMatchObject({ kind: 'recorded', decided: false });
    await relay.drain();
    expect(words(card(id)?.message)).toContain('Waiting for approval · 1 of 2 approvals: @lead1');

    const again = await Promise.all([
      vote({ requestId: id, actor: lead2, reason: 'r2' }),
      vote({ requestId: id, actor: lead2, reason: 'r2, double click' }),
      vote({ requestId: id, actor: lead1, reason: 'r1 again' }),
    ]);
    expect(again.map((r) => r.kind).sort()).toEqual(['duplicate', 'duplicate', 'recorded']);
    const decisions = (await ports.store.listDecisions({ gate: '3' })).filter((d) => d.request.id === id);
    expect(decisions).toHaveLength(1);
    expect(decisions[0]?.decision.approvers).toEqual(['U0LEAD1', 'U0LEAD2']);
    await relay.drain();
    expect(words(card(id)?.message)).toContain('by @lead1 and @lead2');
    expect(chat.messages('C0OPS', card(id)?.ref)).toHaveLength(1);
  });

  it('refuses a vote on evidence that changed since the card was posted, and opens one new card', async () => {
    const asked = await request('1', ops, 'trigger-changed');
    await relay.drain();
    const id = asked.record.request.id;
    const backfilled = await open(DATES);
    const [a, b] = await Promise.all([
      vote({ requestId: id, actor: lead1, reason: 'ok' }, backfilled),
      vote({ requestId: id, actor: lead2, reason: 'ok' }, backfilled),
    ]);
    expect(a.kind).toBe('changed');
    expect(b.kind === 'changed' && a.kind === 'changed' && b.next).toBe(a.kind === 'changed' && a.next);
    expect(words(a.answer)).toContain('player_game_summary present 2 → 3');
    expect((await ports.store.getGate(id))?.votes).toEqual([]);
    await relay.drain();
    expect(words(card(id)?.message)).toContain('Evidence changed since this card was posted');
    expect(card(id)?.message.blocks.some((b) => b.kind === 'actions')).toBe(false);
    const next = a.kind === 'changed' ? a.next : '';
    expect(words(card(next)?.message)).toContain('Gate 1 · 2023-11-01..2023-11-03 · PASS');
    expect(chat.posts.filter((p) => p.key.startsWith(`gate:${next}:card`))).toHaveLength(1);
  });

  it('refuses a request in a channel the bot is not in, recording nothing', async () => {
    const before = (await ports.store.listAudit(200)).length;
    await expect(request('1', { ...ops, channel: 'C0QUIET' }, 'trigger-quiet')).rejects.toMatchObject({
      code: 'CHAT_FAILED',
      chatCode: 'NOT_IN_CHANNEL',
    });
    expect((await ports.store.listAudit(200)).length).toBe(before);
  });

  it('answers a vote on a request that does not exist with a coded error that says what to do', async () => {
    await expect(vote({ requestId: 'g_000000000000', actor: lead1, reason: 'x' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'There is no gate request g_000000000000',
    });
  });
});
