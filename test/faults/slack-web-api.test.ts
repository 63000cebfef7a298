import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KnownBlock } from '@slack/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startedClock } from '../../src/clock/clock.js';
import type { CommandPorts } from '../../src/commands/command-context.js';
import { LocalQueue } from '../../src/queue/local/local-queue.js';
import type { ApiCall, StandinMessage } from '../../src/standin/start-standin.js';
import { DuckdbStateStore } from '../../src/store/duckdb/duckdb-state-store.js';
import { jsonText, messageText } from '../support/message-text.js';
import { catalog, duckdbPorts } from '../support/ports.js';
import { interactionBody, postSigned } from '../support/signed-request.js';
import { type SlackHarness, startSlackHarness } from '../support/slack-harness.js';
import { buildTinyWarehouse } from '../support/tiny-warehouse.js';
import { type FaultTally, outboxCounts, publishedCounts, reportTally } from './fault-tally.js';

// Slack's Web API having a bad moment while people use the bot: 429 with Retry-After on the card's
// post, 5xx on the card's update and on the approvers' App Home. Through the real Bolt app, the real
// DuckDB store and the relay the bot runs: whatever was requested reaches Slack once, after the wait
// Slack asked for, and the outbox ends with every row delivered.

const DATES = ['2023-11-01', '2023-11-02', '2023-11-03'];
const RANGE = '2023-11-01..2023-11-03';
const APPROVERS = ['U0LEAD1', 'U0LEAD2'];
const text = messageText;
const header = (m: StandinMessage) => {
  const h = (m.blocks as KnownBlock[] | undefined)?.find((b) => b.type === 'header');
  return h?.type === 'header' ? h.text.text : '';
};
const actionIds = (m: StandinMessage | undefined) =>
  ((m?.blocks as KnownBlock[] | undefined) ?? []).flatMap((b) =>
    b.type === 'actions' ? b.elements.map((e) => (e as { action_id: string }).action_id) : [],
  );
const requestIdOf = (m: StandinMessage) => /Request (g_[0-9a-f]{12})/.exec(text(m))?.[1] ?? '';
const gaps = (calls: ApiCall[]) => calls.slice(1).map((c, i) => c.at - (calls[i]?.at ?? c.at));

describe('when Slack rate-limits or fails Web API calls, nothing requested is lost or doubled', () => {
  let dir: string;
  let ports: CommandPorts;
  let store: DuckdbStateStore;
  let queue: LocalQueue;
  let h: SlackHarness;
  let cleanupWarehouse: () => void;
  let kicker: NodeJS.Timeout | undefined;
  // The card of scenario 1, voted on in scenario 2.
  let card: StandinMessage;
  let requestId: string;

  const calls = (method: string, since = 0) =>
    h.standin.apiCalls.slice(since).filter((c) => c.method === method);
  const homeText = (user: string) => jsonText(h.standin.views.home(user)?.view.blocks);
  const channelPosts = () => h.standin.messages('C0OPS').filter((m) => !m.ephemeralTo);
  const cards = () => channelPosts().filter((m) => requestIdOf(m) === requestId && !m.thread_ts);
  // The standin's waitFor takes a synchronous probe; the store answers asynchronously.
  const settled = async () => {
    for (const until = Date.now() + 10_000; Date.now() < until; ) {
      const counts = await outboxCounts(store);
      if (counts.rows > 0 && counts.pending === 0) return counts;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`the outbox still has rows pending: ${JSON.stringify(await outboxCounts(store))}`);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'backfill-slack-faults-'));
    // Every Phase 3 table complete on every game day: Gate 1 passes, so one click approves it.
    const phase3 = Object.fromEntries(
      catalog.tables.filter((t) => t.phase === 3).map((t) => [t.table, DATES]),
    );
    const tiny = await buildTinyWarehouse(catalog, { finalDates: DATES, present: phase3 });
    cleanupWarehouse = tiny.cleanup;
    const base = await duckdbPorts(tiny.path, '2023-11-05');
    // The day is pinned, but time runs: the relay's retry times (Retry-After, backoff) must come due.
    ports = { ...base, clock: startedClock(new Date('2023-11-05T12:00:00Z')) };
    store = await DuckdbStateStore.open({ path: join(dir, 'state.duckdb'), clock: ports.clock });
    queue = new LocalQueue(join(dir, 'queue.jsonl'), ports.clock);
    h = await startSlackHarness(ports, { store, queue });
    // The relay polls once a second; kicked often, it tries each row as soon as it is due, so the
    // waits measured below are the relay's own (Retry-After, backoff), not the poll's.
    kicker = setInterval(() => h.relay?.kick(), 25);
  });
  afterAll(async () => {
    clearInterval(kicker);
    await h?.close();
    await store?.close();
    await ports?.warehouse.close();
    cleanupWarehouse?.();
    rmSync(dir, { recursive: true, force: true });
  });

  it('posts a requested gate card once, only after the Retry-After of each 429 on chat.postMessage', async () => {
    const before = h.standin.apiCalls.length;
    h.standin.injectFault('chat.postMessage', { status: 429, retryAfterSeconds: 1 }, 2);
    const ack = await h.standin.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: `gate 1 ${RANGE}` });
    expect(ack.status).toBe(200);
    expect(ack.error).toBeUndefined();

    // The requester is told at once that the card is on its way: not an error, whatever Slack does.
    const told = await h.standin.waitForMessage(
      (m) => m.ephemeralTo === 'U0OPS' && text(m).includes('Posting the gate 1 card'),
    );
    expect(text(told)).not.toMatch(/error|could not/i);

    card = await h.standin.waitForMessage(
      (m) => header(m).startsWith('Gate 1 · ') && !m.ephemeralTo && actionIds(m).includes('gate:approve'),
      10_000,
    );
    requestId = requestIdOf(card);
    expect(header(card)).toContain('PASS');

    // Two refused posts, then the one that landed: each try waited out the Retry-After (1 s).
    const posts = calls('chat.postMessage', before).filter((c) => c.args.channel === 'C0OPS');
    expect(posts).toHaveLength(3);
    for (const gap of gaps(posts)) expect(gap).toBeGreaterThanOrEqual(1000);

    const outbox = await settled();
    expect(outbox).toEqual({ rows: outbox.rows, delivered: outbox.rows, pending: 0, failed: 0 });
    const cardRow = await store.getOutbox(`gate:${requestId}:card`);
    expect(cardRow).toMatchObject({ state: 'delivered', attempts: 3 });
    expect(cardRow?.result).toEqual({ channel: 'C0OPS', ts: card.ts });
    expect(cards()).toHaveLength(1);
    // The gate now waits for its approvers: it is on their Homes.
    for (const lead of APPROVERS) expect(homeText(lead)).toContain('Gates awaiting a decision (1)');

    const tally: FaultTally = {
      outbox,
      posts: cards().length,
      more: { 'postMessage calls': posts.length, 'card attempts': cardRow?.attempts ?? 0 },
    };
    reportTally('chat.postMessage 429 Retry-After 1 s, twice', tally);
    expect(tally).toEqual({
      outbox: { rows: 3, delivered: 3, pending: 0, failed: 0 },
      posts: 1,
      more: { 'postMessage calls': 3, 'card attempts': 3 },
    });
  });

  it('takes an approver’s click while chat.update answers 503 and views.publish 500: one decision, one update, one reply, the Homes refreshed', async () => {
    const before = h.standin.apiCalls.length;
    h.standin.injectFault('chat.update', { status: 503 }, 2);
    h.standin.injectFault('views.publish', { status: 500 }, 3);
    const click = await h.standin.clickButton({
      user: 'U0LEAD1',
      channel: 'C0OPS',
      messageTs: card.ts,
      actionId: 'gate:approve',
    });
    // What the voter sees at once: Slack takes the click (no "didn't work" banner), then a private
    // note that the vote counted, while the card and Homes are still being retried.
    expect(click.status).toBe(200);
    expect(click.error).toBeUndefined();
    const recorded = await h.standin.waitForMessage(
      (m) => m.ephemeralTo === 'U0LEAD1' && text(m).includes('Recorded: gate 1 approved.'),
    );
    expect(text(recorded)).not.toMatch(/error|could not|try again/i);

    const decided = await h.standin.waitFor(
      () => cards().find((m) => text(m).includes('Approved by')),
      10_000,
      'the card showing the approval',
    );
    expect(text(decided)).toContain('Approved by <@U0LEAD1>');
    expect(actionIds(decided)).not.toContain('gate:approve');
    const outbox = await settled();
    expect(outbox).toEqual({ rows: outbox.rows, delivered: outbox.rows, pending: 0, failed: 0 });

    // Three calls, each with the approved card: the stand-in failed the first two (the injected
    // 503s), so exactly one update went through, and none came after it.
    const updates = calls('chat.update', before);
    expect(updates).toHaveLength(3);
    expect(
      updates.every((u) => u.args.ts === card.ts && JSON.stringify(u.args).includes('Approved by')),
    ).toBe(true);
    expect(cards()).toHaveLength(1);

    const replies = channelPosts().filter((m) => m.thread_ts === card.ts);
    expect(replies).toHaveLength(1);
    expect(text(replies[0])).toContain('Approved by <@U0LEAD1>');

    // Each approver's Home is published after its failures and no longer lists the gate.
    const publishes = calls('views.publish', before);
    for (const lead of APPROVERS) {
      expect(homeText(lead)).toContain('Gates awaiting a decision (0)');
    }
    const leadPublishes = publishes.filter((p) => APPROVERS.includes(String(p.args.user_id)));
    expect(leadPublishes).toHaveLength(APPROVERS.length + 3);
    // Each Home row was delivered on the try after its last failure: three failures between them.
    const homeRows = await Promise.all(
      APPROVERS.map((lead) => store.getOutbox(`home:${lead}:gate:${requestId}:decided`)),
    );
    homeRows.forEach((row, i) => {
      expect(row).toMatchObject({ state: 'delivered', result: { user: APPROVERS[i] } });
    });
    expect(homeRows.reduce((sum, row) => sum + (row?.attempts ?? 0) - 1, 0)).toBe(3);
    const updateRow = await store.getOutbox(`gate:${requestId}:card:v1`);
    expect(updateRow).toMatchObject({ state: 'delivered', attempts: 3 });
    expect(await store.getOutbox(`gate:${requestId}:decision`)).toMatchObject({ state: 'delivered' });

    const decisions = (await store.listDecisions({ gate: '1' })).filter((d) => d.request.id === requestId);
    expect(decisions).toHaveLength(1);
    expect(decisions[0]?.decision).toMatchObject({ decision: 'approved', decidedBy: 'U0LEAD1' });
    expect(await store.getGate(requestId)).toMatchObject({ state: 'approved' });
    const started = publishedCounts((await queue.published()).map((m) => m.key));
    expect(started).toEqual({ total: 1, keys: 1 });

    const tally: FaultTally = {
      outbox,
      published: started,
      decisions: decisions.length,
      posts: replies.length,
      updates: updates.length - 2,
      more: {
        'update calls': updates.length,
        'update attempts': updateRow?.attempts ?? 0,
        'Home publishes': leadPublishes.length - 3,
        'Home calls': leadPublishes.length,
      },
    };
    reportTally('chat.update 503 twice, views.publish 500 three times', tally);
    // The relay retried (warnings) and gave nothing up: no error line in the whole run.
    expect(h.logs.filter((line) => line.includes('"severity":"ERROR"'))).toEqual([]);
    expect(h.logs.filter((line) => line.includes('will retry'))).toHaveLength(2 + 2 + 3);
    expect(tally).toEqual({
      // The card's update, its thread reply, the Phase 4 start and each approver's Home, and the
      // three rows of the request before them.
      outbox: { rows: 8, delivered: 8, pending: 0, failed: 0 },
      published: { total: 1, keys: 1 },
      decisions: 1,
      posts: 1,
      updates: 1,
      more: { 'update calls': 3, 'update attempts': 3, 'Home publishes': 2, 'Home calls': 5 },
    });
  });

  it('tells someone who clicked on their App Home by direct message when Slack will not take the Home', async () => {
    const before = h.standin.apiCalls.length;
    h.standin.injectFault('views.publish', { status: 500 }, 1);
    const viewId = h.standin.views.home('U0LEAD1')?.view.id;
    // A late vote from a Home (a page drawn before the decision): the answer says it was already
    // decided, and has to reach a Home that Slack answers 500 for.
    const forged = {
      type: 'block_actions',
      user: { id: 'U0LEAD2', username: 'lead2', team_id: 'T0STANDIN' },
      team: { id: 'T0STANDIN', domain: 'standin' },
      api_app_id: 'A0STANDIN',
      trigger_id: 'forged.home.fault',
      container: { type: 'view', view_id: viewId },
      view: { id: viewId, type: 'home' },
      actions: [
        {
          type: 'button',
          action_id: 'gate:approve',
          block_id: 'actions:9',
          value: JSON.stringify({ v: 1, k: 'gate.vote', id: requestId, vote: 'approve' }),
          action_ts: '3.3',
        },
      ],
    };
    expect((await postSigned(h.appUrl, h.signingSecret, interactionBody(forged))).status).toBe(200);
    const dm = await h.standin.waitFor(
      () => h.standin.messages('D0LEAD2', 'U0LEAD2').find((m) => text(m).includes('Already decided')),
      10_000,
      'a direct message to U0LEAD2',
    );
    expect(text(dm)).toContain('Approved by <@U0LEAD1>');
    expect(calls('views.publish', before).filter((c) => c.args.user_id === 'U0LEAD2')).toHaveLength(1);
    expect(h.logs.some((line) => line.includes('did not take their answer'))).toBe(true);
    const decisions = (await store.listDecisions({ gate: '1' })).filter((d) => d.request.id === requestId);
    expect(decisions).toHaveLength(1);
    const tally = {
      decisions: decisions.length,
      posts: h.standin.messages('D0LEAD2', 'U0LEAD2').length,
      more: { 'Home calls': 1 },
    };
    reportTally('views.publish 500 for an answer on the Home', tally);
    expect(tally.posts).toBe(1);
  });
});
