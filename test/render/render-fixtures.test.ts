import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gateCardMessage } from '../../src/actions/gate-card.js';
import type { CommandPorts } from '../../src/commands/command-context.js';
import { describeError, REMOTE } from '../../src/commands/describe-error.js';
import type { GateData } from '../../src/commands/gate.js';
import { gateHistory, gateStatus } from '../../src/commands/gate-records.js';
import { runCommand } from '../../src/commands/registry.js';
import type { Message } from '../../src/domain/message.js';
import { watchMessage } from '../../src/domain/watch/watch-message.js';
import { errorMessage } from '../../src/slack/error-message.js';
import { parseSlackText } from '../../src/slack/slack-text.js';
import { DuckdbStateStore } from '../../src/store/duckdb/duckdb-state-store.js';
import type { GateRequest, StateStore } from '../../src/store/state-store.js';
import { faultyWarehouse } from '../support/faulty-warehouse.js';
import { expectFixture } from '../support/render-fixture.js';
import { openRenderWorld, RANGE, type RenderWorld, steppingClock } from './render-world.js';
import { WATCH_STATES } from './watch-states.js';

// Each answer as Slack and the CLI show it, saved under test/fixtures/render/. A change to an answer
// is a change to those files: review it there. UPDATE_FIXTURES=1 rewrites them.

const [START, END] = RANGE.split('..') as [string, string];

const answered = async (words: string[], ports: CommandPorts, options: { explain?: boolean } = {}) =>
  (await runCommand(words, ports, { prefix: '/backfill ', ...options })).message;

/** An error as Slack shows it; a fixture of an error must come from an error. */
async function refused(words: string[], ports: CommandPorts): Promise<Message> {
  try {
    await runCommand(words, ports, { prefix: '/backfill ' });
  } catch (error) {
    // As a Slack user reads it (a remote reader), with the ref pinned so the fixture stays put.
    return errorMessage(
      describeError(error, () => {}, { ...REMOTE, ref: '0000abcd' }),
      words,
    );
  }
  throw new Error(`${words.join(' ')} did not fail`);
}

describe('renderer fixtures', () => {
  let world: RenderWorld;
  const fixture = async (
    name: string,
    words: string[],
    ports?: CommandPorts,
    options?: { explain?: boolean },
  ) =>
    expectFixture(name, await answered(words, ports ?? world.partial, options), { command: words.join(' ') });
  const errorFixture = async (name: string, words: string[], ports?: CommandPorts) =>
    expectFixture(name, await refused(words, ports ?? world.partial), { command: words.join(' ') });

  beforeAll(async () => {
    world = await openRenderWorld();
  });
  afterAll(() => world.close());

  it('status: incomplete, nothing expected, and what it would scan', async () => {
    await fixture('status', ['status', RANGE]);
    await fixture('status-nothing-expected', ['status', '2023-11-04']);
    await fixture('status-explain', ['status', RANGE], world.partial, { explain: true });
  });

  it('gaps: per table, and none left after the backfill', async () => {
    await fixture('gaps', ['gaps', RANGE]);
    await fixture('gaps-none', ['gaps', RANGE, '3'], world.backfilled);
  });

  it('plan', async () => {
    await fixture('plan', ['plan', '2023-10-31', '2023-11-03', '7']);
  });

  it('heatmap: the words beside the picture, with Re-run gaps', async () => {
    await fixture('heatmap', ['heatmap', RANGE]);
  });

  it('failures: open and resolved, and none', async () => {
    const { slack } = await fixture('failures', ['failures', RANGE]);
    // The error text quotes `<int>` and `&`: Slack gets entities, not markup.
    expect(JSON.stringify(slack)).toContain(
      '`ValueError: expected &lt;int&gt; minutes &amp; got \\"DNP\\" at row 17`',
    );
    await fixture('failures-none', ['failures', RANGE, '2']);
  });

  it('runs and quality', async () => {
    await fixture('runs', ['runs', RANGE]);
    await fixture('quality', ['quality', RANGE]);
  });

  it('gate verdicts: FAIL before the backfill, PASS after', async () => {
    await fixture('gate-fail', ['gate', '1', RANGE]);
    await fixture('gate-pass', ['gate', '1', RANGE], world.backfilled);
  });

  it('help, and help for an unknown command', async () => {
    for (const [name, words] of [
      ['help', ['help']],
      ['help-unknown', ['stauts']],
    ] as const) {
      const slack = await runCommand([...words], world.partial, { prefix: '/backfill ' });
      const cli = await runCommand([...words], world.partial, { prefix: 'backfill-bot ' });
      expectFixture(name, slack.message, { command: words.join(' '), cli: cli.message });
    }
  });

  it('errors: bad input, bad input that quotes Slack markup, and a warehouse failure', async () => {
    const bad = await errorFixture('error-bad-input', ['status', RANGE, 'please']);
    // The hint already shows an example: the answer does not repeat one.
    expect(bad.text.match(/Example/g)).toHaveLength(1);
    const { slack } = await errorFixture(
      'error-echo',
      parseSlackText('status &lt;!channel&gt; --public').words,
    );
    expect(slack.text).toBe('status takes only a range, not "&lt;!channel&gt;"');
    const failing = { ...world.partial, warehouse: faultyWarehouse('fail', world.partial.warehouse) };
    await errorFixture('error-warehouse', ['status', RANGE], failing);
  });

  describe('gate status and history, from the state store', () => {
    let store: StateStore;
    let approved: GateRequest;
    let pending: GateRequest;
    const withStore = (ports: CommandPorts): CommandPorts => ({ ...ports, store });

    beforeAll(async () => {
      const clock = steppingClock('2023-11-05T09:00:00Z');
      store = await DuckdbStateStore.open({ path: join(world.dir, 'state.duckdb'), clock });
      const judged = async (gate: string) =>
        (await runCommand(['gate', gate, RANGE], world.partial, { prefix: '' })).data as GateData;
      const request = async (id: string, gate: string, requiredApprovals = 1) => {
        const { gate: result, evidence, fingerprint } = await judged(gate);
        clock.advance(5);
        const created = await store.createGateRequest({
          id,
          gate,
          range: { start: START, end: END },
          rangeLabel: RANGE,
          requestedBy: 'U0OPS',
          requestedByHandle: 'ops',
          verdict: result.verdict,
          evidence,
          fingerprint,
          requiredApprovals,
        });
        return created.request;
      };
      const vote = async (
        on: GateRequest,
        voter: string,
        handle: string,
        choice: 'approve' | 'reject',
        reason: string | null,
      ) => {
        clock.advance(25);
        await store.recordVote({
          requestId: on.id,
          voter,
          voterHandle: handle,
          vote: choice,
          reason,
          idempotencyKey: `${on.id}:${voter}`,
          verdict: on.verdict,
          fingerprint: on.fingerprint,
          evidence: on.evidence,
        });
      };
      approved = await request('g_0000000000a1', '1');
      await vote(
        approved,
        'U0LEAD1',
        'lead1',
        'approve',
        'Phase 3 misses known preseason data; backfill starts tonight.',
      );
      const gate0 = await request('g_0000000000b2', '0');
      await vote(gate0, 'U0LEAD2', 'lead2', 'approve', 'Only bdl_player_boxscores is low: documented.');
      const rejected = await request('g_0000000000c3', '1');
      await vote(rejected, 'U0LEAD2', 'lead2', 'reject', 'Wait for the Phase 3 <backfill> & recheck.');
      pending = await request('g_0000000000d4', '3', 2);
      await vote(pending, 'U0LEAD1', 'lead1', 'approve', null);
    });
    afterAll(() => store.close());

    it('draws the gate card in each state: waiting, 1 of 2, approved over FAIL, approved, rejected, superseded', async () => {
      const card = async (name: string, id: string, note?: string) => {
        const record = await store.getGate(id);
        if (!record) throw new Error(`no request ${id}`);
        const data = (await runCommand(['gate', record.request.gate, RANGE], world.partial, { prefix: '' }))
          .data as GateData;
        return expectFixture(name, gateCardMessage(data, record, note)).text;
      };
      const fresh = await store.createGateRequest({
        ...approved,
        id: 'g_0000000000e5',
        requestedByHandle: 'ops',
      });
      expect(await card('gate-card-waiting', fresh.request.id)).toContain(
        'Waiting for approval · 0 of 1 approval',
      );
      expect(await card('gate-card-one-of-two', pending.id)).toContain(
        'Waiting for approval · 1 of 2 approvals: @lead1',
      );
      expect(await card('gate-card-approved-over-fail', approved.id)).toContain(
        'Approved over FAIL by @lead1 at',
      );
      expect(await card('gate-card-approved', 'g_0000000000b2')).toMatch(/Approved (over \w+ )?by @lead2 at/);
      expect(await card('gate-card-rejected', 'g_0000000000c3')).toContain(
        'Rejected by @lead2 at 10:30 UTC — Wait for the Phase 3 <backfill> & recheck.',
      );
      const superseded = await card(
        'gate-card-superseded',
        fresh.request.id,
        'Evidence changed since this card was posted: player_game_summary present 4 → 6. A new card below has the current numbers: vote there.',
      );
      expect(superseded).toContain('Evidence changed since this card was posted');
    });

    it('says an approval is fresh while the data is what was approved', async () => {
      const { text } = expectFixture(
        'gate-status-fresh',
        (await gateStatus(approved.id, withStore(world.partial))).message,
      );
      expect(text.split('\n').slice(0, 2)).toEqual([
        `Gate 1 · ${RANGE} · g_0000000000a1`,
        'fresh: the evidence is unchanged since approval',
      ]);
    });

    it('says stale on its second line, and what changed, once the data moved', async () => {
      const { text, slack } = expectFixture(
        'gate-status-stale',
        (await gateStatus(approved.id, withStore(world.backfilled))).message,
      );
      expect(text.split('\n').slice(0, 3)).toEqual([
        `Gate 1 · ${RANGE} · g_0000000000a1`,
        'stale: data changed since approval',
        'player_game_summary present 4 → 6',
      ]);
      // A line break, not a backslash and an n (which hid behind toContain for a round).
      expect(text).not.toContain('\\n');
      expect(JSON.stringify(slack)).not.toContain('\\\\n');
    });

    it('lists the approvals so far while a request waits', async () => {
      const { text } = expectFixture(
        'gate-status-pending',
        (await gateStatus(pending.id, withStore(world.partial))).message,
      );
      expect(text).toContain('Waiting for approval · 1 of 2 approvals: @lead1');
    });

    it('lists decisions with who requested and decided, and whether each still holds', async () => {
      const { text } = expectFixture(
        'gate-history',
        (await gateHistory(null, withStore(world.backfilled))).message,
      );
      const rows = text.trimEnd().split('\n').slice(3);
      expect(rows.map((r) => r.split(/\s{2,}/).slice(3, 7))).toEqual([
        ['@ops', 'rejected @lead2', '2023-11-05 10:30', 'STALE'],
        ['@ops', 'approved @lead2', '2023-11-05 10:00', 'fresh'],
        ['@ops', 'approved @lead1', '2023-11-05 09:30', 'STALE'],
      ]);
    });
  });

  it('draws the live watch message in each state: running, stalled, complete, stopped', () => {
    const drawn = (state: keyof typeof WATCH_STATES) =>
      expectFixture(`watch-${state}`, watchMessage(WATCH_STATES[state])).text.split('\n');
    expect(drawn('running')[1]).toBe('Running: 2 of 3 phases to go · updated 14:05 UTC');
    expect(drawn('stalled')[1]).toBe(
      'Stalled: no progress for 40 min (since 14:05 UTC) · 2 of 3 phases to go · updated 14:45 UTC',
    );
    expect(drawn('complete')[1]).toBe('Complete: every phase done in 3h 12m (13:00 UTC → 16:12 UTC)');
    expect(drawn('stopped')[1]).toBe('Stopped by @lead1 at 14:20 UTC after 1h 20m: 2 of 3 phases to go');
  });
});
