import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { viewProblems } from '../../src/standin/block-limits.js';
import type { DuckdbStateStore } from '../../src/store/duckdb/duckdb-state-store.js';
import { type DemoSlack, openDemoSlack } from '../support/demo-slack.js';
import { jsonText } from '../support/message-text.js';
import { interactionBody, postSigned } from '../support/signed-request.js';
import type { SlackHarness } from '../support/slack-harness.js';

// The App Home through the real Bolt app and the local stand-in, on the demo: what a person sees when
// they open it, that a gate request puts itself on its approvers' Homes with its buttons, that a
// forged vote from the Home changes nothing, and that a decision takes the gate off every Home.

describe('the App Home through the local Slack stand-in', () => {
  let demo: DemoSlack;
  let store: DuckdbStateStore;
  let h: SlackHarness;
  const home = (user: string) => h.standin.views.home(user);
  const homeText = (user: string) => jsonText(home(user)?.view.blocks);
  const homeSays = (user: string, what: string) =>
    h.standin.waitFor(
      () => (homeText(user).includes(what) ? home(user) : undefined),
      10_000,
      `${user}'s Home: ${what}`,
    );

  beforeAll(async () => {
    demo = await openDemoSlack({ asOf: '2026-11-23' });
    ({ store, h } = demo);
  }, 90_000);
  afterAll(() => demo.close());

  it('shows the season, gates awaiting a decision, re-runs, watches and the next posts to whoever opens it', async () => {
    await h.standin.openHome('U0OPS');
    const view = await homeSays('U0OPS', 'Next posts');
    const text = homeText('U0OPS');
    expect(text).toContain('Backfill status · current season 2026-27');
    expect(text).toContain('Gates awaiting a decision (0)');
    expect(text).toContain('Recent re-runs');
    expect(text).toContain('Active watches (0)');
    expect(text).toContain('Daily report');
    expect(viewProblems(view.view, 'home')).toEqual([]);
  });

  it('puts a requested gate on each approver’s Home with its buttons, not on the requester’s', async () => {
    await h.standin.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: 'gate 1 2021-22' });
    // The approvers (S0LEADS: U0LEAD1, U0LEAD2) did not open anything: the relay published it.
    for (const lead of ['U0LEAD1', 'U0LEAD2']) {
      await homeSays(lead, 'Gates awaiting a decision (1)');
      expect(homeText(lead)).toContain('gate:approve');
      expect(homeText(lead)).toContain('Gate 1 · season 2021-22 · FAIL');
    }
    expect(homeText('U0OPS')).toContain('Gates awaiting a decision (0)');
    // Opened by the requester, it lists the gate without buttons: they may not vote on it.
    await h.standin.openHome('U0OPS');
    await homeSays('U0OPS', 'Gates awaiting a decision (1)');
    expect(homeText('U0OPS')).not.toContain('gate:approve');
  });

  it('refuses a forged Approve from the Home by a non-approver, audited, and says so on their Home', async () => {
    const [pending] = await store.listPendingGates();
    const approve = JSON.stringify({ v: 1, k: 'gate.vote', id: pending?.request.id, vote: 'approve' });
    const leadHome = home('U0LEAD1');
    const forged = {
      type: 'block_actions',
      user: { id: 'U0RANDO', username: 'rando', team_id: 'T0STANDIN' },
      team: { id: 'T0STANDIN', domain: 'standin' },
      api_app_id: 'A0STANDIN',
      trigger_id: 'forged.home',
      container: { type: 'view', view_id: leadHome?.view.id },
      view: { id: leadHome?.view.id, type: 'home' },
      actions: [
        {
          type: 'button',
          action_id: 'gate:approve',
          block_id: 'actions:9',
          value: approve,
          action_ts: '2.2',
        },
      ],
    };
    expect((await postSigned(h.appUrl, h.signingSecret, interactionBody(forged))).status).toBe(200);
    await homeSays('U0RANDO', 'not an approver');
    expect(await store.getGate(pending?.request.id ?? '')).toMatchObject({ state: 'pending', votes: [] });
    const refused = (await store.listAudit(20)).find((e) => e.action === 'gate.vote.refused');
    expect(refused).toMatchObject({ actor: 'U0RANDO' });
  });

  it('takes an approver’s vote from the Home (the reason form for a FAIL), then the gate leaves every Home', async () => {
    const view = home('U0LEAD1');
    await h.standin.clickButton({ user: 'U0LEAD1', viewId: view?.view.id ?? '', actionId: 'gate:approve' });
    const modal = await h.standin.waitFor(() => h.standin.views.modal('U0LEAD1'), 5000, 'the reason modal');
    await h.standin.submitView({
      user: 'U0LEAD1',
      viewId: modal.view.id,
      values: {
        reason: { value: { type: 'plain_text_input', value: 'Preseason gaps only; backfilling next' } },
      },
    });
    for (const lead of ['U0LEAD1', 'U0LEAD2']) await homeSays(lead, 'Gates awaiting a decision (0)');
    // The refresh that took the gate off the voter's Home kept their answer on top of it.
    expect(homeText('U0LEAD1')).toContain('Recorded: gate 1 approved');
    expect(homeText('U0LEAD2')).not.toContain('Recorded');
    const [decided] = await store.listDecisions();
    expect(decided?.decision).toMatchObject({ decision: 'approved', decidedBy: 'U0LEAD1' });
  }, 30_000);
});
