import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Peer, startPeer } from './bolt-peer.js';
import { tinyPng } from './tiny-png.js';

type Client = InstanceType<typeof webApi.WebClient>;

/** The platform error the client throws, as data ({ ok: false, error, response_metadata }). */
async function refusal(call: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await call;
  } catch (error) {
    return (error as { data: Record<string, unknown> }).data;
  }
  throw new Error('the call succeeded');
}

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const button = (text: string, value = 'v') => ({
  type: 'actions',
  elements: [{ type: 'button', action_id: 'b', text: { type: 'plain_text', text }, value }],
});

describe('the Web API, called by the Bolt app’s own client', () => {
  let peer: Peer;
  let client: Client;

  beforeAll(async () => {
    peer = await startPeer(() => {});
    client = peer.app.client;
  });
  afterAll(() => peer.close());
  beforeEach(() => peer.standin.reset());

  it('answers auth.test with the workspace and the bot’s identity', async () => {
    expect(await client.auth.test()).toMatchObject({
      ok: true,
      team: 'standin',
      team_id: 'T0STANDIN',
      user: 'backfill-bot',
      user_id: 'U0BOT',
      bot_id: 'B0BOT',
    });
  });

  it('refuses a wrong token with invalid_auth and a missing one with not_authed', async () => {
    const stranger = new webApi.WebClient('xoxb-not-ours', { slackApiUrl: peer.standin.apiUrl });
    expect(await refusal(stranger.auth.test())).toMatchObject({ ok: false, error: 'invalid_auth' });
    const res = await fetch(`${peer.standin.apiUrl}auth.test`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: false, error: 'not_authed' });
  });

  it('answers unknown methods with unknown_method', async () => {
    expect(await refusal(client.apiCall('chat.teleport', { channel: 'C0OPS' }))).toMatchObject({
      error: 'unknown_method',
    });
  });

  it('accepts JSON bodies as well as form bodies', async () => {
    const res = await fetch(`${peer.standin.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        authorization: `Bearer ${peer.app.client.token}`,
      },
      body: JSON.stringify({ channel: '#backfill-ops', text: 'hi', blocks: [section('*hi*')] }),
    });
    expect(await res.json()).toMatchObject({
      ok: true,
      channel: 'C0OPS',
      message: { text: 'hi', bot_id: 'B0BOT' },
    });
  });

  it('refuses messages over Slack’s Block Kit limits with invalid_blocks and says which limit', async () => {
    const cases: [unknown[], string][] = [
      [
        Array.from({ length: 51 }, (_, i) => section(`row ${i}`)),
        'no more than 50 items allowed [json-pointer:/blocks]',
      ],
      [[section('x'.repeat(3001))], 'must be less than 3001 characters [json-pointer:/blocks/0/text/text]'],
      [
        [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }],
        '[json-pointer:/blocks/0/text/text]',
      ],
      [
        [{ type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) }],
        'must be less than 11 items [json-pointer:/blocks/0/fields]',
      ],
      [
        [button('b'.repeat(76))],
        'must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]',
      ],
      [
        [button('ok', 'v'.repeat(2001))],
        'must be less than 2001 characters [json-pointer:/blocks/0/elements/0/value]',
      ],
    ];
    for (const [blocks, line] of cases) {
      const data = await refusal(
        client.chat.postMessage({ channel: 'C0OPS', text: 't', blocks: blocks as never }),
      );
      expect(data.error).toBe('invalid_blocks');
      expect((data.response_metadata as { messages: string[] }).messages.join('\n')).toContain(line);
    }
    expect(peer.standin.messages('C0OPS')).toEqual([]);
  });

  it('names the missing or unknown argument the way Slack does', async () => {
    expect(await refusal(client.chat.postMessage({ channel: 'C0OPS', text: '' }))).toMatchObject({
      error: 'no_text',
    });
    expect(await refusal(client.chat.postMessage({ channel: 'C0NOPE', text: 'x' }))).toMatchObject({
      error: 'channel_not_found',
    });
    expect(await refusal(client.users.info({ user: 'U0GHOST' }))).toMatchObject({ error: 'user_not_found' });
    expect(await refusal(client.apiCall('chat.postMessage', { text: 'x' }))).toMatchObject({
      error: 'invalid_arguments',
      response_metadata: { messages: ['[ERROR] missing required field: channel'] },
    });
    expect(
      await refusal(
        client.views.open({
          trigger_id: '1.2.3',
          view: { type: 'modal', title: { type: 'plain_text', text: 'x' }, blocks: [] },
        }),
      ),
    ).toMatchObject({
      error: 'invalid_trigger_id',
    });
  });

  it('describes people, their time zone and the leads group', async () => {
    const info = await client.users.info({ user: 'U0LEAD2' });
    expect(info.user).toMatchObject({
      id: 'U0LEAD2',
      name: 'lead2',
      real_name: 'Lana Lead',
      is_bot: false,
      tz: 'America/New_York',
      profile: { display_name: 'lead2', real_name: 'Lana Lead' },
    });
    expect((await client.usergroups.users.list({ usergroup: 'S0LEADS' })).users).toEqual([
      'U0LEAD1',
      'U0LEAD2',
    ]);
  });

  it('updates a message in place with chat.update and keeps its blocks unless new ones are given', async () => {
    const posted = await client.chat.postMessage({
      channel: 'C0OPS',
      text: 'Watching 2023-24',
      blocks: [section('0%')],
    });
    await client.chat.update({ channel: 'C0OPS', ts: posted.ts ?? '', text: 'Watching 2023-24 (50%)' });
    expect(peer.standin.messages('C0OPS')).toMatchObject([
      { ts: posted.ts, text: 'Watching 2023-24 (50%)', edited: true, blocks: [{ text: { text: '0%' } }] },
    ]);
    await client.chat.update({
      channel: 'C0OPS',
      ts: posted.ts ?? '',
      text: 'Done',
      blocks: [section('100%')],
    });
    expect(peer.standin.messages('C0OPS')[0]?.blocks).toMatchObject([{ text: { text: '100%' } }]);
    expect(await refusal(client.chat.update({ channel: 'C0OPS', ts: '1.000000', text: 'x' }))).toMatchObject({
      error: 'message_not_found',
    });
  });

  it('keeps chat.postEphemeral messages for their user only', async () => {
    const res = await client.chat.postEphemeral({
      channel: 'C0OPS',
      user: 'U0LEAD1',
      text: 'Only you can approve',
    });
    expect(res.message_ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(peer.standin.messages('C0OPS', 'U0LEAD1').map((m) => m.text)).toEqual(['Only you can approve']);
    expect(peer.standin.messages('C0OPS', 'U0OPS')).toEqual([]);
  });

  it('takes files.uploadV2 through all three steps and shares the file in the channel', async () => {
    const png = tinyPng();
    const result = await client.files.uploadV2({
      channel_id: 'C0REMIND',
      file: png,
      filename: 'mae-trend.png',
      title: 'MAE trend',
      initial_comment: 'Day 7 milestone: MAE 4.31',
    });

    expect(result.ok).toBe(true);
    expect(peer.standin.apiCalls.map((c) => c.method)).toEqual([
      'files.getUploadURLExternal',
      'files.completeUploadExternal',
    ]);
    expect(peer.standin.apiCalls[0]?.args).toMatchObject({
      filename: 'mae-trend.png',
      length: String(png.length),
    });
    const [shared] = peer.standin.messages('C0REMIND');
    expect(shared).toMatchObject({
      user: 'U0BOT',
      text: 'Day 7 milestone: MAE 4.31',
      via: 'files.completeUploadExternal',
    });
    expect(shared?.files).toMatchObject([
      { name: 'mae-trend.png', title: 'MAE trend', mimetype: 'image/png', size: png.length },
    ]);
    const download = await fetch(shared?.files?.[0]?.url_private ?? '');
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await download.arrayBuffer()).equals(png)).toBe(true);
  });
});
