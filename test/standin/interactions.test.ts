import type { BlockAction, SlackViewAction } from '@slack/bolt';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Peer, startPeer } from './bolt-peer.js';

const approveBlocks = [
  { type: 'section', block_id: 'verdict', text: { type: 'mrkdwn', text: '*Gate 1* passed for 2023-24' } },
  {
    type: 'actions',
    block_id: 'decide',
    elements: [
      {
        type: 'button',
        action_id: 'approve',
        style: 'primary',
        value: 'gate1:2023-24',
        text: { type: 'plain_text', text: 'Approve' },
      },
      {
        type: 'button',
        action_id: 'reject',
        style: 'danger',
        value: 'gate1:2023-24',
        text: { type: 'plain_text', text: 'Reject' },
      },
      { type: 'button', action_id: 'why', value: 'gate1', text: { type: 'plain_text', text: 'Why?' } },
    ],
  },
];

const modal = (text = 'Which dates?') => ({
  type: 'modal' as const,
  callback_id: 'rerun',
  private_metadata: 'season=2023-24',
  title: { type: 'plain_text' as const, text: 'Re-run' },
  submit: { type: 'plain_text' as const, text: 'Request' },
  blocks: [
    {
      type: 'input',
      block_id: 'dates',
      label: { type: 'plain_text', text },
      element: { type: 'plain_text_input', action_id: 'value' },
    },
    {
      type: 'input',
      block_id: 'note',
      optional: true,
      label: { type: 'plain_text', text: 'Note' },
      element: { type: 'plain_text_input', action_id: 'value', multiline: true },
    },
  ],
});

describe('interactions through the real Bolt app', () => {
  let peer: Peer;
  let actions: BlockAction[] = [];
  let submissions: SlackViewAction[] = [];
  let events: Record<string, unknown>[] = [];
  let secondOpen: unknown;

  beforeAll(async () => {
    peer = await startPeer((app) => {
      app.command('/backfill', async ({ command, ack, respond, client }) => {
        await ack();
        if (command.text === 'private')
          return void (await respond({ text: 'Gate 1 passed', blocks: approveBlocks }));
        if (command.text === 'modal') {
          await client.views.open({ trigger_id: command.trigger_id, view: modal() });
          // A trigger opens one view only.
          secondOpen = await client.views
            .open({ trigger_id: command.trigger_id, view: modal() })
            .catch((e) => e.data);
          return;
        }
        await respond({ response_type: 'in_channel', text: 'Gate 1 passed', blocks: approveBlocks });
      });
      app.action('approve', async ({ ack, body, respond }) => {
        await ack();
        actions.push(body as BlockAction);
        await respond({ replace_original: true, text: 'Approved by <@U0LEAD1>' });
      });
      app.action('why', async ({ ack, body, respond }) => {
        await ack();
        actions.push(body as BlockAction);
        await respond({ text: 'Phase 3 is 100% for every expected date.' });
      });
      app.action('refresh_home', async ({ ack, body }) => {
        await ack();
        actions.push(body as BlockAction);
      });
      app.view('rerun', async ({ ack, body, view }) => {
        submissions.push(body);
        const dates = view.state.values.dates?.value?.value ?? '';
        if (dates === 'bad')
          return void (await ack({ response_action: 'errors', errors: { dates: 'Not a date range' } }));
        if (dates === 'more')
          return void (await ack({ response_action: 'update', view: modal('Which other dates?') }));
        await ack();
      });
      app.event('app_home_opened', async ({ event, client, body }) => {
        events.push(body as unknown as Record<string, unknown>);
        await client.views.publish({
          user_id: event.user,
          view: {
            type: 'home',
            blocks: [
              { type: 'header', text: { type: 'plain_text', text: 'backfill-bot' } },
              {
                type: 'actions',
                elements: [
                  {
                    type: 'button',
                    action_id: 'refresh_home',
                    text: { type: 'plain_text', text: 'Refresh' },
                  },
                ],
              },
            ],
          },
        });
      });
    });
  });
  afterAll(() => peer.close());
  beforeEach(() => {
    actions = [];
    submissions = [];
    events = [];
    peer.standin.reset();
  });

  it('sends block_actions shaped like Slack’s, and replace_original rewrites the clicked message in place', async () => {
    await peer.standin.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: 'public' });
    const gate = await peer.standin.waitForMessage((m) => m.text === 'Gate 1 passed');

    const click = await peer.standin.clickButton({
      user: 'U0LEAD1',
      channel: 'C0OPS',
      messageTs: gate.ts,
      actionId: 'approve',
    });
    expect(click.status).toBe(200);
    const body = actions[0];
    expect(body).toMatchObject({
      type: 'block_actions',
      user: { id: 'U0LEAD1', username: 'lead1', name: 'lead1', team_id: 'T0STANDIN' },
      api_app_id: 'A0STANDIN',
      team: { id: 'T0STANDIN', domain: 'standin' },
      container: { type: 'message', message_ts: gate.ts, channel_id: 'C0OPS', is_ephemeral: false },
      channel: { id: 'C0OPS', name: 'backfill-ops' },
      message: { ts: gate.ts, text: 'Gate 1 passed', user: 'U0BOT', bot_id: 'B0BOT' },
      state: { values: {} },
      actions: [
        {
          action_id: 'approve',
          block_id: 'decide',
          value: 'gate1:2023-24',
          style: 'primary',
          type: 'button',
          text: { type: 'plain_text', text: 'Approve' },
        },
      ],
    });
    expect(body?.trigger_id).toMatch(/^\d+\.\d+\./);
    expect(body?.response_url.startsWith(`${peer.standin.url}/response/`)).toBe(true);
    expect(body?.actions[0]?.action_ts).toMatch(/^\d{10}\.\d{6}$/);

    const replaced = await peer.standin.waitForMessage((m) => m.text === 'Approved by <@U0LEAD1>');
    expect(replaced).toMatchObject({ ts: gate.ts, edited: true, blocks: [] });
    expect(peer.standin.messages('C0OPS').map((m) => m.text)).toEqual([
      '/backfill public',
      'Approved by <@U0LEAD1>',
    ]);
  });

  it('sends no message body for a button on an ephemeral message, and replace_original still updates it', async () => {
    await peer.standin.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: 'private' });
    const gate = await peer.standin.waitForMessage((m) => m.text === 'Gate 1 passed');
    expect(gate.ephemeralTo).toBe('U0OPS');

    await expect(
      peer.standin.clickButton({
        user: 'U0LEAD1',
        channel: 'C0OPS',
        messageTs: gate.ts,
        actionId: 'approve',
      }),
    ).rejects.toThrow(/sees no message/);
    await peer.standin.clickButton({
      user: 'U0OPS',
      channel: 'C0OPS',
      messageTs: gate.ts,
      actionId: 'approve',
    });
    expect(actions[0]?.container).toEqual({
      type: 'message',
      message_ts: gate.ts,
      channel_id: 'C0OPS',
      is_ephemeral: true,
    });
    expect(actions[0]?.message).toBeUndefined();
    const replaced = await peer.standin.waitForMessage((m) => m.text.startsWith('Approved'));
    expect(replaced).toMatchObject({ ts: gate.ts, ephemeralTo: 'U0OPS' });
  });

  it('posts a plain respond() to a click as a new ephemeral message for the clicker', async () => {
    await peer.standin.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: 'public' });
    const gate = await peer.standin.waitForMessage((m) => m.text === 'Gate 1 passed');
    await peer.standin.clickButton({
      user: 'U0LEAD2',
      channel: 'C0OPS',
      messageTs: gate.ts,
      actionId: 'why',
      value: 'gate1',
    });
    const why = await peer.standin.waitForMessage((m) => m.text.startsWith('Phase 3 is 100%'));

    expect(why.ephemeralTo).toBe('U0LEAD2');
    expect(peer.standin.messages('C0OPS', 'U0LEAD2').map((m) => m.text)).toEqual([
      '/backfill public',
      'Gate 1 passed',
      'Phase 3 is 100% for every expected date.',
    ]);
  });

  it('opens a modal once per trigger_id, and applies errors, update and close from view_submission acks', async () => {
    await peer.standin.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: 'modal' });
    const entry = await peer.standin.waitFor(() => peer.standin.views.modal('U0OPS'));
    await peer.standin.waitFor(() => secondOpen);
    expect(secondOpen).toMatchObject({ ok: false, error: 'expired_trigger_id' });
    const viewId = entry.view.id;
    expect(entry.view).toMatchObject({
      type: 'modal',
      callback_id: 'rerun',
      private_metadata: 'season=2023-24',
    });

    const missing = await peer.standin.submitView({ user: 'U0OPS', viewId, values: {} });
    expect(missing.error).toBe('missing_required');
    expect(submissions).toEqual([]);

    const bad = { dates: { value: { type: 'plain_text_input', value: 'bad' } } };
    await peer.standin.submitView({ user: 'U0OPS', viewId, values: bad });
    expect(submissions[0]?.view.state.values).toEqual({
      dates: { value: { type: 'plain_text_input', value: 'bad' } },
      note: { value: { type: 'plain_text_input', value: null } },
    });
    expect(submissions[0]).toMatchObject({
      type: 'view_submission',
      user: { id: 'U0OPS' },
      team: { id: 'T0STANDIN' },
      view: { id: viewId, callback_id: 'rerun', private_metadata: 'season=2023-24', hash: entry.view.hash },
    });
    expect(peer.standin.views.modal('U0OPS')?.errors).toEqual({ dates: 'Not a date range' });

    await peer.standin.submitView({
      user: 'U0OPS',
      viewId,
      values: { dates: { value: { type: 'plain_text_input', value: 'more' } } },
    });
    const updated = peer.standin.views.modal('U0OPS');
    expect(updated?.view.id).toBe(viewId);
    expect(updated?.errors).toBeUndefined();
    expect(JSON.stringify(updated?.view.blocks)).toContain('Which other dates?');

    const done = await peer.standin.submitView({
      user: 'U0OPS',
      viewId,
      values: { dates: { value: { type: 'plain_text_input', value: '2024-01-03..2024-01-09' } } },
    });
    expect(done).toEqual({ status: 200, body: '' });
    expect(peer.standin.views.modal('U0OPS')).toBeUndefined();
  });

  it('sends app_home_opened as an Events API callback and shows the Home tab the app publishes', async () => {
    const opened = await peer.standin.openHome('U0LEAD1');
    expect(opened.status).toBe(200);
    const home = await peer.standin.waitFor(() => peer.standin.views.home('U0LEAD1'));
    expect(events[0]).toMatchObject({
      team_id: 'T0STANDIN',
      api_app_id: 'A0STANDIN',
      type: 'event_callback',
      event_id: expect.stringMatching(/^Ev0/),
      event: { type: 'app_home_opened', user: 'U0LEAD1', channel: 'D0LEAD1', tab: 'home' },
    });
    expect(home.view).toMatchObject({ type: 'home', team_id: 'T0STANDIN' });

    await peer.standin.clickButton({ user: 'U0LEAD1', viewId: home.view.id, actionId: 'refresh_home' });
    expect(actions[0]).toMatchObject({
      container: { type: 'view', view_id: home.view.id },
      view: { id: home.view.id },
    });
    expect(actions[0]?.response_url).toBeUndefined();
    expect(peer.standin.views.home('U0OPS')).toBeUndefined();
  });
});
