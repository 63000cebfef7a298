import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KnownBlock } from '@slack/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandPorts } from '../../src/commands/command-context.js';
import { generateDemoWarehouse } from '../../src/demo/generate-demo.js';
import { LocalQueue } from '../../src/queue/local/local-queue.js';
import type { StandinMessage } from '../../src/standin/start-standin.js';
import { DuckdbStateStore } from '../../src/store/duckdb/duckdb-state-store.js';
import { messageText } from '../support/message-text.js';
import { catalog, duckdbPorts } from '../support/ports.js';
import { interactionBody, postSigned } from '../support/signed-request.js';
import { type SlackHarness, startSlackHarness } from '../support/slack-harness.js';

// The same gate flow as test/actions/gate-flow.test.ts, through the real Bolt app over signed HTTP
// and the local Slack stand-in: what Slack users see, and that every path into a vote is guarded.

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

describe('gate requests and decisions through the local Slack stand-in', () => {
  let dir: string;
  let ports: CommandPorts;
  let store: DuckdbStateStore;
  let queue: LocalQueue;
  let h: SlackHarness;
  const card = (gateLabel: string) =>
    h.standin.waitForMessage(
      (m) => header(m).startsWith(gateLabel) && !m.ephemeralTo && actionIds(m).includes('gate:approve'),
    );
  const told = (user: string, what: string) =>
    h.standin.waitForMessage((m) => m.ephemeralTo === user && text(m).includes(what));
  const updates = (ts: string) =>
    h.standin.apiCalls.filter((c) => c.method === 'chat.update' && c.args.ts === ts);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'backfill-gates-'));
    const path = join(dir, 'demo.duckdb');
    await generateDemoWarehouse(catalog, { path, scale: 0.2, seed: 42, asOf: '2026-11-23' });
    ports = await duckdbPorts(path, '2026-11-23');
    store = await DuckdbStateStore.open({ path: join(dir, 'state.duckdb'), clock: ports.clock });
    queue = new LocalQueue(join(dir, 'queue.jsonl'), ports.clock);
    h = await startSlackHarness(ports, { store, queue });
  });
  afterAll(async () => {
    await h.close();
    await store.close();
    await ports.warehouse.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('walks the issue: request Gate 1 for 2021-22 (FAIL), an operator is refused, a lead approves with a reason', async () => {
    await h.standin.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: 'gate 1 2021-22' });
    const posted = await card('Gate 1 · season 2021-22 · FAIL');
    expect(h.standin.messages('C0OPS', 'U0LEAD2').some((m) => m.ts === posted.ts)).toBe(true);
    expect(text(posted)).toContain('requested by <@U0OPS>');

    await h.standin.clickButton({
      user: 'U0OPS',
      channel: 'C0OPS',
      messageTs: posted.ts,
      actionId: 'gate:approve',
    });
    const refused = await told('U0OPS', 'not an approver');
    expect(text(refused)).toContain('You are not an approver for gate 1; approvers: <!subteam^S0LEADS>');

    await h.standin.clickButton({
      user: 'U0LEAD1',
      channel: 'C0OPS',
      messageTs: posted.ts,
      actionId: 'gate:approve',
    });
    const modal = await h.standin.waitFor(() => h.standin.views.modal('U0LEAD1'), 5000, 'the reason modal');
    expect(JSON.stringify(modal.view.blocks)).toContain('is *FAIL*');
    await h.standin.submitView({
      user: 'U0LEAD1',
      viewId: modal.view.id,
      values: {
        reason: {
          value: { type: 'plain_text_input', value: 'Phase 3 gaps are preseason-only; backfilling next' },
        },
      },
    });

    const decided = await h.standin.waitFor(
      () => {
        const m = h.standin.messages('C0OPS').find((x) => x.ts === posted.ts);
        return m && text(m).includes('Approved over FAIL by') ? m : undefined;
      },
      5000,
      'the card update',
    );
    expect(text(decided)).toContain('Approved over FAIL by <@U0LEAD1>');
    expect(text(decided)).toContain('Phase 3 gaps are preseason-only');
    expect(actionIds(decided)).not.toContain('gate:approve');
    const thread = await h.standin.waitForMessage((m) => m.thread_ts === posted.ts);
    expect(text(thread)).toContain('Approved over FAIL by <@U0LEAD1>');
    expect(text(thread)).toContain('Phase 4 (precompute) start queued for nba-phase4-precompute-trigger');
    await told('U0LEAD1', 'Recorded: gate 1 approved.');

    await h.standin.waitFor(async () => (await queue.published()).length > 0, 5000, 'the stage start');
    const [start, ...others] = await queue.published();
    expect(others).toEqual([]);
    expect(start?.topic).toBe('nba-phase4-precompute-trigger');
    expect(start?.data).toMatchObject({
      schema: 'backfill-bot.stage-start/v1',
      kind: 'stage-start',
      phase: 4,
      gate: '1',
      approved_by: ['U0LEAD1'],
      start_date: '2021-10-19',
      end_date: '2022-06-16',
    });
    // One decision, one card update: the card changes once per state change.
    expect(updates(posted.ts)).toHaveLength(1);

    const id = requestIdOf(decided);
    await h.standin.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: `gate status ${id}` });
    const status = await h.standin.waitForMessage((m) => header(m) === `Gate 1 · season 2021-22 · ${id}`);
    expect(text(status)).toContain('the evidence is unchanged since approval');
  });

  it('refuses forged reason-form submissions: a non-approver and the requester change nothing', async () => {
    await h.standin.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: 'gate 2 2021-22' });
    const posted = await card('Gate 2 · season 2021-22');
    const id = requestIdOf(posted);
    await h.standin.clickButton({
      user: 'U0LEAD1',
      channel: 'C0OPS',
      messageTs: posted.ts,
      actionId: 'gate:approve',
    });
    const modal = await h.standin.waitFor(() => h.standin.views.modal('U0LEAD1'), 5000, 'the reason modal');
    for (const forger of ['U0RANDO', 'U0OPS']) {
      const payload = {
        type: 'view_submission',
        user: { id: forger, username: forger.toLowerCase(), team_id: 'T0STANDIN' },
        team: { id: 'T0STANDIN', domain: 'standin' },
        api_app_id: 'A0STANDIN',
        trigger_id: `forged.${forger}`,
        view: {
          ...modal.view,
          state: { values: { reason: { value: { type: 'plain_text_input', value: 'forged approval' } } } },
        },
      };
      const response = await postSigned(h.appUrl, h.signingSecret, interactionBody(payload));
      expect(response.status).toBe(200);
    }
    await told('U0RANDO', 'not an approver');
    await told('U0OPS', 'not an approver');
    const record = await store.getGate(id);
    expect(record?.votes).toEqual([]);
    expect(record?.decision).toBeNull();
    const refused = (await store.listAudit(50)).filter((a) => a.action === 'gate.vote.refused');
    expect(refused.map((a) => a.actor)).toEqual(expect.arrayContaining(['U0RANDO', 'U0OPS']));
  });

  it('ends in exactly one decision when two approvers click at once, and a double click', async () => {
    await h.standin.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: 'gate 1 2023-24' });
    const posted = await card('Gate 1 · season 2023-24 · PASS');
    const click = (user: string) =>
      h.standin.clickButton({ user, channel: 'C0OPS', messageTs: posted.ts, actionId: 'gate:approve' });
    await Promise.all([click('U0LEAD1'), click('U0LEAD2'), click('U0LEAD1')]);
    await h.standin.waitForMessage(
      (m) =>
        /U0LEAD[12]/.test(m.ephemeralTo ?? '') &&
        (text(m).includes('Already decided') || text(m).includes('already recorded')),
    );
    const decisions = (await store.listDecisions({ gate: '1' })).filter(
      (d) => d.request.id === requestIdOf(posted),
    );
    expect(decisions).toHaveLength(1);
    await h.standin.waitFor(() => updates(posted.ts).length === 1, 5000, 'the card update');
    await new Promise((r) => setTimeout(r, 300));
    expect(updates(posted.ts)).toHaveLength(1);
  });

  it('opens one request and one card for a command Slack delivers twice (same trigger_id)', async () => {
    const body = new URLSearchParams({
      command: '/backfill',
      text: 'gate 0 2023-24',
      user_id: 'U0OPS',
      user_name: 'ops',
      channel_id: 'C0OPS',
      team_id: 'T0STANDIN',
      trigger_id: 'trigger-123',
      response_url: `${h.standin.url}/response/none`,
    }).toString();
    await Promise.all([
      postSigned(h.appUrl, h.signingSecret, body),
      postSigned(h.appUrl, h.signingSecret, body),
    ]);
    const posted = await h.standin.waitForMessage(
      (m) => header(m).startsWith('Gate 0 · season 2023-24') && !m.ephemeralTo,
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(h.standin.messages('C0OPS').filter((m) => requestIdOf(m) === requestIdOf(posted))).toHaveLength(1);
  });

  it('does not let the requester approve their own gate', async () => {
    await h.standin.slashCommand({ user: 'U0LEAD2', channel: 'C0OPS', text: 'gate 2 2023-24' });
    const posted = await card('Gate 2 · season 2023-24');
    await h.standin.clickButton({
      user: 'U0LEAD2',
      channel: 'C0OPS',
      messageTs: posted.ts,
      actionId: 'gate:approve',
    });
    await told('U0LEAD2', 'another approver must approve it');
  });

  it('says to invite the bot when the channel is one it is not in, and records nothing', async () => {
    const before = (await store.listAudit(200)).length;
    await h.standin.slashCommand({ user: 'U0OPS', channel: 'C0QUIET', text: 'gate 1 2023-24' });
    const answer = await h.standin.waitForMessage(
      (m) => m.ephemeralTo === 'U0OPS' && text(m).includes('invite @backfill-bot'),
    );
    expect(text(answer)).toContain('#quiet');
    expect(text(answer)).not.toContain('internal error');
    expect((await store.listAudit(200)).length).toBe(before);
  });

  it('answers a vote on a request that does not exist as the form path does: no such request', async () => {
    await h.standin.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: 'gate 0 2022-23' });
    const posted = await card('Gate 0 · season 2022-23');
    const payload = {
      type: 'view_submission',
      user: { id: 'U0LEAD1', username: 'lead1', team_id: 'T0STANDIN' },
      team: { id: 'T0STANDIN', domain: 'standin' },
      api_app_id: 'A0STANDIN',
      trigger_id: 'forged.missing',
      view: {
        id: 'V0MISSING',
        type: 'modal',
        callback_id: 'gate.vote',
        private_metadata: JSON.stringify({
          v: 1,
          requestId: 'g_000000000000',
          vote: 'approve',
          channel: 'C0OPS',
        }),
        state: { values: { reason: { value: { type: 'plain_text_input', value: 'x' } } } },
      },
    };
    await postSigned(h.appUrl, h.signingSecret, interactionBody(payload));
    await told('U0LEAD1', 'There is no gate request g_000000000000');
    expect(requestIdOf(posted)).toMatch(/^g_/);
  });
});
