import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KnownBlock } from '@slack/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandPorts } from '../../src/commands/command-context.js';
import { gateHistory, gateStatus } from '../../src/commands/gate-records.js';
import { generateDemoWarehouse } from '../../src/demo/generate-demo.js';
import { LocalQueue } from '../../src/queue/local/local-queue.js';
import { castVote, requestGate } from '../../src/slack/gates/gate-flow.js';
import type { StandinMessage } from '../../src/standin/start-standin.js';
import { DuckdbStateStore } from '../../src/store/duckdb/duckdb-state-store.js';
import { catalog, duckdbPorts } from '../support/ports.js';
import { type SlackHarness, startSlackHarness } from '../support/slack-harness.js';
import { buildTinyWarehouse } from '../support/tiny-warehouse.js';

const text = (m: StandinMessage | undefined) => JSON.stringify(m?.blocks ?? []) + (m?.text ?? '');
const header = (m: StandinMessage) => {
  const h = (m.blocks as KnownBlock[] | undefined)?.find((b) => b.type === 'header');
  return h?.type === 'header' ? h.text.text : '';
};
const actionIds = (m: StandinMessage | undefined) =>
  ((m?.blocks as KnownBlock[] | undefined) ?? []).flatMap((b) =>
    b.type === 'actions' ? b.elements.map((e) => (e as { action_id: string }).action_id) : [],
  );

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
    const refused = await h.standin.waitForMessage(
      (m) => m.ephemeralTo === 'U0OPS' && text(m).includes('not an approver'),
    );
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
          value: {
            type: 'plain_text_input',
            value: 'Phase 3 gaps are in preseason-only weeks; backfilling them next',
          },
        },
      },
    });

    const decided = await h.standin.waitFor(
      () => {
        const m = h.standin.messages('C0OPS').find((x) => x.ts === posted.ts);
        return m && text(m).includes('Approved by') ? m : undefined;
      },
      5000,
      'the card update',
    );
    expect(text(decided)).toContain('Approved by <@U0LEAD1>');
    expect(text(decided)).toContain('Phase 3 gaps are in preseason-only weeks');
    expect(actionIds(decided)).not.toContain('gate:approve');
    const thread = await h.standin.waitForMessage((m) => m.thread_ts === posted.ts);
    expect(thread.text).toContain('approved by <@U0LEAD1>');
    expect(thread.text).toContain('Phase 4 (precompute) start published to nba-phase4-precompute-trigger');

    // Approving Gate 1 starts Phase 4: one message on the phase's topic, carrying the decision id.
    const [start, ...others] = await queue.published();
    expect(others).toEqual([]);
    expect(start?.topic).toBe('nba-phase4-precompute-trigger');
    expect(start?.data).toMatchObject({
      kind: 'backfill.stage.start',
      phase: 4,
      gate: '1',
      approvedBy: ['U0LEAD1'],
      range: { start: '2021-10-19', end: '2022-06-16' },
    });
    expect(start?.attributes.decision_id).toBe(start?.data.decisionId);
    expect((await store.listAudit(10)).some((a) => a.action === 'stage.start')).toBe(true);

    const id = /Request (g_[0-9a-f]+)/.exec(text(decided))?.[1] ?? '';
    await h.standin.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: `gate status ${id}` });
    const status = await h.standin.waitForMessage((m) => header(m) === `Gate 1 · season 2021-22 · ${id}`);
    expect(text(status)).toContain('Fresh: the evidence is unchanged since the approval');
    await h.standin.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: 'gate history' });
    const listed = await h.standin.waitForMessage((m) => header(m) === 'Gate decisions');
    expect(text(listed)).toMatch(/1 +season 2021-22 +FAIL +U0OPS +approved U0LEAD1 .* fresh +Phase 3 gaps/);

    const history = await store.listDecisions({ gate: '1' });
    expect(history).toHaveLength(1);
    expect(history[0]?.decision).toMatchObject({
      decision: 'approved',
      decidedBy: 'U0LEAD1',
      verdictAtDecision: 'FAIL',
    });
    expect(history[0]?.request.requestedBy).toBe('U0OPS');
  });

  it('ends in exactly one decision when two approvers click at once, and a double click', async () => {
    await h.standin.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: 'gate 1 2023-24' });
    const posted = await card('Gate 1 · season 2023-24 · PASS');
    await Promise.all([
      h.standin.clickButton({
        user: 'U0LEAD1',
        channel: 'C0OPS',
        messageTs: posted.ts,
        actionId: 'gate:approve',
      }),
      h.standin.clickButton({
        user: 'U0LEAD2',
        channel: 'C0OPS',
        messageTs: posted.ts,
        actionId: 'gate:approve',
      }),
      h.standin.clickButton({
        user: 'U0LEAD1',
        channel: 'C0OPS',
        messageTs: posted.ts,
        actionId: 'gate:approve',
      }),
    ]);
    const loser = await h.standin.waitForMessage(
      (m) => text(m).includes('Already approved by') || text(m).includes('already recorded'),
    );
    expect(loser.ephemeralTo).toMatch(/U0LEAD[12]/);
    await new Promise((r) => setTimeout(r, 300));
    const decisions = (
      await store.listDecisions({ gate: '1', range: { start: '2023-10-24', end: '2024-06-17' } })
    ).filter((d) => d.request.rangeLabel === 'season 2023-24');
    expect(decisions).toHaveLength(1);
  });

  it('redraws a card whose update a restart lost, when anyone clicks it again', async () => {
    await h.standin.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: 'gate 2 2022-23' });
    const posted = await card('Gate 2 · season 2022-23');
    const id = /Request (g_[0-9a-f]+)/.exec(text(posted))?.[1] ?? '';
    // The vote reached the store, then the process died before the card was updated.
    const gate = await store.getGate(id);
    await store.recordVote({
      requestId: id,
      voter: 'U0LEAD2',
      vote: 'reject',
      reason: 'restart test',
      idempotencyKey: 'before-restart',
      verdict: gate?.request.verdict ?? 'FAIL',
      fingerprint: gate?.request.fingerprint ?? '',
      evidence: gate?.request.evidence ?? ({} as never),
    });
    expect(actionIds(h.standin.messages('C0OPS').find((m) => m.ts === posted.ts))).toContain('gate:approve');
    await h.standin.clickButton({
      user: 'U0LEAD1',
      channel: 'C0OPS',
      messageTs: posted.ts,
      actionId: 'gate:approve',
    });
    await h.standin.waitForMessage(
      (m) => m.ephemeralTo === 'U0LEAD1' && text(m).includes('Already rejected by <@U0LEAD2>'),
    );
    const redrawn = h.standin.messages('C0OPS').find((m) => m.ts === posted.ts);
    expect(text(redrawn)).toContain('Rejected by <@U0LEAD2>');
    expect(actionIds(redrawn)).not.toContain('gate:approve');
  });

  it('opens one request for a command re-delivered after a restart (same trigger_id)', async () => {
    const deps = { ports: { ...ports, store }, store, client: h.app.client };
    const first = await requestGate(['gate', '0', '2023-24'], 'U0OPS', 'C0OPS', deps, 'trigger-123');
    const again = await requestGate(['gate', '0', '2023-24'], 'U0OPS', 'C0OPS', deps, 'trigger-123');
    expect(again.request.id).toBe(first.request.id);
    expect(
      h.standin.messages('C0OPS').filter((m) => text(m).includes(`Request ${first.request.id}`)),
    ).toHaveLength(1);
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
    await h.standin.waitForMessage(
      (m) => m.ephemeralTo === 'U0LEAD2' && text(m).includes('another approver must approve it'),
    );
  });
});

describe('a vote on evidence that changed since the card was posted', () => {
  it('is not taken: the card says what changed and a new card carries the current numbers', async () => {
    const final = ['2023-11-01', '2023-11-02', '2023-11-03'];
    const phase3 = (dates: string[]) =>
      Object.fromEntries(catalog.tables.filter((t) => t.phase === 3).map((t) => [t.table, dates]));
    const before = await buildTinyWarehouse(catalog, {
      finalDates: final,
      present: phase3(final.slice(0, 2)),
    });
    const after = await buildTinyWarehouse(catalog, { finalDates: final, present: phase3(final) });
    const [oldPorts, newPorts] = await Promise.all([
      duckdbPorts(before.path, '2023-11-05'),
      duckdbPorts(after.path, '2023-11-05'),
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'backfill-stale-'));
    const store = await DuckdbStateStore.open({ path: join(dir, 'state.duckdb'), clock: oldPorts.clock });
    const h = await startSlackHarness(oldPorts, { store });
    try {
      const record = await requestGate(['gate', '1', '2023-11-01..2023-11-03'], 'U0OPS', 'C0OPS', {
        ports: oldPorts,
        store,
        client: h.app.client,
      });
      expect(record.request.verdict).toBe('FAIL');
      // The warehouse now holds the backfilled day: the same request judged again sees other evidence.
      const result = await castVote(
        {
          requestId: record.request.id,
          voter: 'U0LEAD1',
          vote: 'approve',
          reason: 'ok',
          idempotencyKey: 'k1',
        },
        { ports: newPorts, store, client: h.app.client },
      );
      expect(result.kind).toBe('changed');
      if (result.kind !== 'changed') return;
      expect(result.differences.join('\n')).toContain('player_game_summary');
      expect(result.next.request.verdict).toBe('PASS');
      expect((await store.getGate(record.request.id))?.decision).toBeNull();
      const old = h.standin.messages('C0OPS').find((m) => m.ts === record.request.messageTs);
      expect(text(old)).toContain('Evidence changed since this card was posted');
      expect(actionIds(old)).not.toContain('gate:approve');

      // An approval made on the old data, checked after the data changed: stale.
      const approved = await requestGate(['gate', '1', '2023-11-01..2023-11-03'], 'U0OPS', 'C0OPS', {
        ports: oldPorts,
        store,
        client: h.app.client,
      });
      await castVote(
        {
          requestId: approved.request.id,
          voter: 'U0LEAD1',
          vote: 'approve',
          reason: 'known gap',
          idempotencyKey: 'k2',
        },
        { ports: oldPorts, store, client: h.app.client },
      );
      const fresh = await gateStatus(approved.request.id, { ...oldPorts, store });
      expect(fresh.data.freshness).toEqual({ fresh: true });
      const stale = await gateStatus(approved.request.id, { ...newPorts, store });
      expect(stale.data.freshness.fresh).toBe(false);
      expect(JSON.stringify(stale.message.blocks)).toContain('stale: data changed since approval');
      // Gate 3 needs two distinct approvers: the first approval leaves it waiting.
      const gate3 = await requestGate(['gate', '3', '2023-11-01..2023-11-03'], 'U0OPS', 'C0OPS', {
        ports: newPorts,
        store,
        client: h.app.client,
      });
      expect(gate3.request.requiredApprovals).toBe(2);
      const first = await castVote(
        { requestId: gate3.request.id, voter: 'U0LEAD1', vote: 'approve', reason: 'r', idempotencyKey: 'k3' },
        { ports: newPorts, store, client: h.app.client },
      );
      expect(first.kind === 'recorded' && first.record.state).toBe('pending');
      const waiting = h.standin.messages('C0OPS').find((m) => m.ts === gate3.request.messageTs);
      expect(text(waiting)).toContain('Waiting for approval · 1 of 2 approvals: <@U0LEAD1>');
      const second = await castVote(
        { requestId: gate3.request.id, voter: 'U0LEAD2', vote: 'approve', reason: 'r', idempotencyKey: 'k4' },
        { ports: newPorts, store, client: h.app.client },
      );
      expect(second.kind === 'recorded' && second.record.decision?.approvers).toEqual(['U0LEAD1', 'U0LEAD2']);

      const history = await gateHistory(null, { ...newPorts, store });
      expect(history.data.decisions.find((d) => d.id === approved.request.id)?.fresh).toBe(false);
    } finally {
      await h.close();
      await store.close();
      await oldPorts.warehouse.close();
      await newPorts.warehouse.close();
      before.cleanup();
      after.cleanup();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
