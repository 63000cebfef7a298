import { afterEach, describe, expect, it } from 'vitest';
import { manifestBotScopes } from '../../src/standin/manifest-scopes.js';
import type { Standin } from '../../src/standin/start-standin.js';
import { refusal, standinWithClient } from './web-api-client.js';

describe('the bot token’s scopes', () => {
  let standin: Standin | undefined;
  afterEach(async () => {
    await standin?.close();
    standin = undefined;
  });

  it('are the manifest’s bot scopes unless the test grants others', async () => {
    const started = await standinWithClient();
    standin = started.standin;
    expect(standin.scopes).toEqual(manifestBotScopes());
    expect(standin.scopes).toContain('chat:write');
  });

  it('answer missing_scope like Slack: the scope needed and the ones provided', async () => {
    const started = await standinWithClient({ scopes: ['commands', 'chat:write'] });
    standin = started.standin;
    expect(await refusal(started.client.users.info({ user: 'U0LEAD1' }))).toMatchObject({
      ok: false,
      error: 'missing_scope',
      needed: 'users:read',
      provided: 'commands,chat:write',
    });
    // Scopes are checked before arguments, and views need none.
    expect(await refusal(started.client.apiCall('usergroups.users.list', {}))).toMatchObject({
      needed: 'usergroups:read',
    });
    expect(await refusal(started.client.views.open({ trigger_id: '1.2.3', view: modal }))).toMatchObject({
      error: 'invalid_trigger_id',
    });
    expect(standin.apiCalls.map((c) => [c.method, c.scope])).toEqual([
      ['users.info', 'users:read'],
      ['usergroups.users.list', 'usergroups:read'],
      ['views.open', null],
    ]);
  });

  it('need the scope of the channel’s kind for conversations: groups:* for a private one', async () => {
    const started = await standinWithClient({ scopes: ['chat:write', 'channels:history', 'channels:read'] });
    standin = started.standin;
    await started.client.conversations.history({ channel: 'C0OPS' });
    await started.client.conversations.info({ channel: 'C0OPS' });
    expect(await refusal(started.client.conversations.history({ channel: 'C0LEADS' }))).toMatchObject({
      error: 'missing_scope',
      needed: 'groups:history',
      provided: 'chat:write,channels:history,channels:read',
    });
    expect(await refusal(started.client.conversations.info({ channel: 'C0LEADS' }))).toMatchObject({
      needed: 'groups:read',
    });
    expect(
      await refusal(started.client.conversations.replies({ channel: 'D0OPS', ts: '1.2' })),
    ).toMatchObject({
      needed: 'im:history',
    });
  });
});

const modal = { type: 'modal' as const, title: { type: 'plain_text' as const, text: 'x' }, blocks: [] };

describe('an overloaded Slack, on demand', () => {
  let standin: Standin | undefined;
  afterEach(async () => {
    await standin?.close();
    standin = undefined;
  });

  it('answers 429 with Retry-After for the injected number of calls, then serves again', async () => {
    const started = await standinWithClient();
    standin = started.standin;
    standin.injectFault('chat.postMessage', { status: 429, retryAfterSeconds: 12 }, 2);
    for (let i = 0; i < 2; i++) {
      await expect(started.client.chat.postMessage({ channel: 'C0OPS', text: 'x' })).rejects.toMatchObject({
        code: 'slack_webapi_rate_limited_error',
        retryAfter: 12,
      });
    }
    await started.client.chat.postMessage({ channel: 'C0OPS', text: 'x' });
    expect(standin.messages('C0OPS').map((m) => m.text)).toEqual(['x']);
    expect(standin.apiCalls).toHaveLength(3);
  });

  it('answers a 5xx, which the client sees as an HTTP error', async () => {
    const started = await standinWithClient();
    standin = started.standin;
    standin.injectFault('users.info', { status: 503 });
    await expect(started.client.users.info({ user: 'U0LEAD1' })).rejects.toMatchObject({
      code: 'slack_webapi_http_error',
      statusCode: 503,
    });
    expect((await started.client.users.info({ user: 'U0LEAD1' })).user?.name).toBe('lead1');
  });

  it('issues triggers as a user’s gesture would, good for one views.open', async () => {
    const started = await standinWithClient();
    standin = started.standin;
    const trigger = standin.issueTrigger('U0LEAD2');
    await started.client.views.open({ trigger_id: trigger, view: modal });
    expect(standin.views.modal('U0LEAD2')?.view.title).toEqual(modal.title);
    expect(await refusal(started.client.views.open({ trigger_id: trigger, view: modal }))).toMatchObject({
      error: 'expired_trigger_id',
    });
  });
});
