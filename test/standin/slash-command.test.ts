import type { SlashCommand } from '@slack/bolt';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Peer, startPeer } from './bolt-peer.js';

describe('slash commands through the real Bolt app', () => {
  let peer: Peer;
  let seen: SlashCommand[] = [];

  beforeAll(async () => {
    peer = await startPeer((app) => {
      app.command('/backfill', async ({ command, ack, respond, client }) => {
        seen.push(command);
        const [word] = command.text.split(' ');
        if (word === 'ack-text') return ack('Working on it…');
        if (word === 'ack-public')
          return ack({ response_type: 'in_channel', text: 'Gate 1 passed for 2023-24' });
        await ack();
        if (word === 'post') {
          await client.chat.postMessage({
            channel: command.channel_id,
            text: 'Daily health: all green',
            blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*Daily health*: all green' } }],
          });
          return;
        }
        await respond({
          text: `status ${command.text}`,
          blocks: [
            { type: 'header', text: { type: 'plain_text', text: 'Backfill status' } },
            { type: 'section', block_id: 'bars', text: { type: 'mrkdwn', text: '```Phase 3 ████░ 80%```' } },
          ],
        });
      });
    });
  });
  afterAll(() => peer.close());
  beforeEach(() => {
    seen = [];
    peer.standin.reset();
  });

  it('sends the form fields Slack sends, signed so that Bolt accepts them', async () => {
    const result = await peer.standin.slashCommand({
      user: 'U0OPS',
      channel: 'C0OPS',
      text: 'status 2023-24',
    });

    expect(result.status).toBe(200);
    expect(result.error).toBeUndefined();
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      token: expect.any(String),
      team_id: 'T0STANDIN',
      team_domain: 'standin',
      channel_id: 'C0OPS',
      channel_name: 'backfill-ops',
      user_id: 'U0OPS',
      user_name: 'ops',
      command: '/backfill',
      text: 'status 2023-24',
      api_app_id: 'A0STANDIN',
      is_enterprise_install: 'false',
      response_url: result.responseUrl,
      trigger_id: result.triggerId,
    });
    expect(result.responseUrl.startsWith(`${peer.standin.url}/response/`)).toBe(true);
    expect(result.triggerId).toMatch(/^\d+\.\d+\.[0-9a-f]{32}$/);
  });

  it('shows a respond() answer only to the user who typed the command', async () => {
    await peer.standin.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: 'status 2023-24' });
    const answer = await peer.standin.waitForMessage((m) => m.text === 'status status 2023-24');

    expect(answer).toMatchObject({
      channel: 'C0OPS',
      user: 'U0BOT',
      bot_id: 'B0BOT',
      ephemeralTo: 'U0OPS',
      via: 'response_url',
    });
    expect(answer.blocks?.map((b) => b.type)).toEqual(['header', 'section']);
    expect(answer.blocks?.[1]?.block_id).toBe('bars');
    expect(answer.blocks?.[0]?.block_id).toMatch(/^\w{5}$/);
    expect(answer.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(peer.standin.messages('C0OPS', 'U0OPS')).toEqual([answer]);
    expect(peer.standin.messages('C0OPS', 'U0LEAD1')).toEqual([]);
  });

  it('shows a text ack as an ephemeral answer, and a JSON in_channel ack publicly below the command', async () => {
    const text = await peer.standin.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: 'ack-text' });
    expect(text.body).toBe('Working on it…');
    expect(peer.standin.messages('C0OPS', 'U0OPS')).toMatchObject([
      { text: 'Working on it…', ephemeralTo: 'U0OPS', via: 'ack' },
    ]);

    peer.standin.reset();
    await peer.standin.slashCommand({ user: 'U0LEAD1', channel: 'C0OPS', text: 'ack-public' });
    expect(peer.standin.messages('C0OPS', 'U0OPS')).toMatchObject([
      { user: 'U0LEAD1', text: '/backfill ack-public', via: 'user' },
      { user: 'U0BOT', text: 'Gate 1 passed for 2023-24', via: 'ack' },
    ]);
  });

  it('stores a chat.postMessage as a bot message everyone in the channel sees', async () => {
    await peer.standin.slashCommand({ user: 'U0OPS', channel: 'C0REMIND', text: 'post' });
    const posted = await peer.standin.waitForMessage((m) => m.via === 'chat.postMessage');

    expect(posted).toMatchObject({
      channel: 'C0REMIND',
      user: 'U0BOT',
      bot_id: 'B0BOT',
      text: 'Daily health: all green',
    });
    expect(posted.ephemeralTo).toBeUndefined();
    expect(peer.standin.messages('C0REMIND', 'U0LEAD2')).toEqual([posted]);
    const call = peer.standin.apiCalls.find((c) => c.method === 'chat.postMessage');
    expect(call?.args).toMatchObject({ channel: 'C0REMIND', text: 'Daily health: all green' });
    expect(JSON.stringify(call?.args)).not.toContain('xoxb-');
  });

  it('answers a command the app does not declare the way Slack does, without calling the app', async () => {
    const result = await peer.standin.slashCommand({
      user: 'U0OPS',
      channel: 'C0OPS',
      text: 'x',
      command: '/nope',
    });

    expect(result.error).toBe('invalid_command');
    expect(seen).toEqual([]);
    expect(peer.standin.messages('C0OPS', 'U0OPS')[0]).toMatchObject({
      user: 'USLACKBOT',
      ephemeralTo: 'U0OPS',
      text: expect.stringContaining('/nope is not a valid command'),
    });
  });
});
