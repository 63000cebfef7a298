import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChatError } from '../../src/chat/chat-error.js';
import { SlackChat } from '../../src/slack/chat/slack-chat.js';
import { createSlackClient } from '../../src/slack/chat/slack-client.js';
import { readFormPayload } from '../../src/slack/render/form-view.js';
import { message, rejectForm } from './gate-messages.js';
import { type SlackOverStandin, slackOverStandin } from './slack-standin.js';

async function chatError(call: Promise<unknown>): Promise<ChatError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ChatError)) throw new Error(`expected a ChatError, got ${String(error)}`);
  return error;
}

describe('the Slack chat adapter, through the local stand-in', () => {
  let slack: SlackOverStandin;
  beforeAll(async () => {
    slack = await slackOverStandin();
  });
  afterAll(() => slack.close());
  beforeEach(() => slack.standin.reset());

  it('keeps the outbox key with the message as metadata, and the rendered text and blocks', async () => {
    const ref = await slack.chat.post('C0OPS', message('Gate 1 · 2021-22: FAIL'), { key: 'gate:1:card' });
    const [posted] = slack.standin.messages('C0OPS');
    expect(posted).toMatchObject({
      ts: ref.ts,
      text: 'Gate 1 · 2021-22: FAIL',
      metadata: { event_type: 'backfill_bot_outbox', event_payload: { key: 'gate:1:card' } },
    });
    expect(posted?.blocks?.[0]).toMatchObject({ type: 'section' });
  });

  it('finds by reading history with metadata, the bot’s own messages only', async () => {
    const card = await slack.chat.post('C0OPS', message('card'), { key: 'k-card' });
    slack.standin.postAsUser({ user: 'U0OPS', channel: 'C0OPS', text: 'k-card' });
    expect(await slack.chat.find('C0OPS', 'k-card')).toEqual(card);
    const history = slack.standin.apiCalls.filter((c) => c.method === 'conversations.history');
    expect(history.map((c) => c.args)).toEqual([
      { channel: 'C0OPS', include_all_metadata: 'true', limit: '200' },
    ]);
    // The bot's identity was asked once, and is remembered.
    await slack.chat.find('C0OPS', 'k-card');
    expect(slack.calls('auth.test')).toBe(1);
  });

  it('reads at most two pages of history for a key, so an old post costs two calls, not the channel', async () => {
    const old = await slack.chat.post('C0OPS', message('old card'), { key: 'k-old' });
    for (let i = 0; i < 400; i++)
      slack.standin.postAsUser({ user: 'U0OPS', channel: 'C0OPS', text: `chatter ${i}` });
    expect(await slack.chat.find('C0OPS', 'k-old')).toBeNull();
    expect(slack.calls('conversations.history')).toBe(2);
    // Within reach, a second page finds it.
    slack.standin.reset();
    const near = await slack.chat.post('C0OPS', message('card'), { key: 'k-near' });
    for (let i = 0; i < 250; i++)
      slack.standin.postAsUser({ user: 'U0OPS', channel: 'C0OPS', text: `chatter ${i}` });
    expect(await slack.chat.find('C0OPS', 'k-near')).toEqual(near);
    expect(old.ts < near.ts).toBe(true);
  });

  it('finds in a private channel the bot is in', async () => {
    const card = await slack.chat.post('C0LEADS', message('card'), { key: 'k-private' });
    expect(await slack.chat.find('C0LEADS', 'k-private')).toEqual(card);
    await expect(slack.chat.checkCanPost('C0LEADS')).resolves.toBeUndefined();
  });

  it('opens the form as a modal routed by its kind, its payload versioned in private_metadata', async () => {
    await slack.chat.openForm(slack.standin.issueTrigger('U0LEAD1'), rejectForm);
    const view = slack.standin.views.modal('U0LEAD1')?.view;
    expect(view).toMatchObject({
      type: 'modal',
      callback_id: 'gate.vote',
      title: { type: 'plain_text', text: 'Reject gate' },
      submit: { type: 'plain_text', text: 'Reject' },
    });
    expect(JSON.parse(view?.private_metadata ?? '')).toEqual({ v: 1, ...rejectForm.payload });
    expect(readFormPayload('gate.vote', view?.private_metadata)).toEqual(rejectForm.payload);
    expect(view?.blocks.at(-1)).toMatchObject({
      type: 'input',
      block_id: 'reason',
      optional: false,
      element: { type: 'plain_text_input', action_id: 'value', multiline: true },
    });
  });

  it('says which channel and what to do, by name, when the bot is not in it', async () => {
    const refused = await chatError(slack.chat.post('C0QUIET', message('card'), { key: 'k' }));
    expect(refused).toMatchObject({
      chatCode: 'NOT_IN_CHANNEL',
      message: 'backfill-bot is not in #quiet: invite @backfill-bot to #quiet',
      hint: 'Type /invite @backfill-bot in #quiet, then try again.',
    });
  });

  it('translates Slack’s refusals: unknown channel, gone message, used trigger', async () => {
    expect(await chatError(slack.chat.post('C0NOPE', message('x'), { key: 'k' }))).toMatchObject({
      chatCode: 'CHANNEL_NOT_FOUND',
      message: expect.stringContaining('#C0NOPE'),
    });
    expect(
      await chatError(slack.chat.find('C0OPS', 'k', { channel: 'C0OPS', ts: '1600000000.000001' })),
    ).toMatchObject({ chatCode: 'MESSAGE_NOT_FOUND' });
    const trigger = slack.standin.issueTrigger('U0LEAD1');
    await slack.chat.openForm(trigger, rejectForm);
    expect(await chatError(slack.chat.openForm(trigger, rejectForm))).toMatchObject({
      chatCode: 'REFUSED',
      message: 'Slack refused views.open: expired_trigger_id',
    });
  });

  it('gives up at once on a 429 and passes Slack’s Retry-After on, instead of waiting inside the call', async () => {
    slack.standin.injectFault('chat.postMessage', { status: 429, retryAfterSeconds: 30 });
    const started = Date.now();
    const refused = await chatError(slack.chat.post('C0OPS', message('card'), { key: 'k' }));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(refused).toMatchObject({ chatCode: 'RATE_LIMITED', retryAfterSeconds: 30, transient: true });
    expect(slack.calls('chat.postMessage')).toBe(1);
    // The client is not paused afterwards: the next call goes out.
    await slack.chat.post('C0OPS', message('card'), { key: 'k' });
    expect(slack.calls('chat.postMessage')).toBe(2);
  });

  it('answers a 5xx with UNAVAILABLE after one attempt', async () => {
    slack.standin.injectFault('chat.update', { status: 503 });
    const card = await slack.chat.post('C0OPS', message('card'), { key: 'k' });
    const refused = await chatError(slack.chat.update(card, message('approved'), { key: 'k2' }));
    expect(refused).toMatchObject({ chatCode: 'UNAVAILABLE', transient: true });
    expect(refused.message).toContain('HTTP 503');
    expect(slack.calls('chat.update')).toBe(1);
  });
});

describe('the Slack chat adapter when Slack cannot be reached', () => {
  it('answers UNAVAILABLE at once instead of retrying for minutes', async () => {
    const chat = new SlackChat(createSlackClient('xoxb-x', { apiUrl: 'http://127.0.0.1:9/api/' }), {
      botUserId: 'U0BOT',
    });
    const started = Date.now();
    expect(await chatError(chat.find('C0OPS', 'k'))).toMatchObject({ chatCode: 'UNAVAILABLE' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe('the Slack chat adapter with scopes the app did not get', () => {
  let slack: SlackOverStandin;
  afterEach(() => slack.close());

  it('names the scope Slack says is needed and says to add it to the manifest and reinstall', async () => {
    slack = await slackOverStandin({ standin: { scopes: ['commands', 'chat:write', 'channels:history'] } });
    await slack.chat.post('C0LEADS', message('card'), { key: 'k' });
    const refused = await chatError(slack.chat.find('C0LEADS', 'k'));
    expect(refused).toMatchObject({
      chatCode: 'MISSING_SCOPE',
      message:
        'the Slack app lacks the groups:history scope that conversations.history needs: add the groups:history scope to the app (manifest.yml) and reinstall it',
      transient: false,
    });
    // A public channel needs only the scope that was granted.
    expect(await slack.chat.find('C0OPS', 'k')).toBeNull();
  });
});
