import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ALL_SCOPES, type Standin, standinWorld } from '../../src/standin/start-standin.js';
import { type Client, refusal, standinWithClient } from './web-api-client.js';

const meta = (key: string) => ({ event_type: 'backfill_bot_outbox', event_payload: { key } });

describe('conversations.* and message metadata, called by @slack/web-api', () => {
  let standin: Standin;
  let client: Client;
  beforeAll(async () => {
    ({ standin, client } = await standinWithClient({ scopes: ALL_SCOPES }));
  });
  afterAll(() => standin.close());
  beforeEach(() => standin.reset());

  it('keeps metadata and shows it in history only when include_all_metadata asks for it', async () => {
    const posted = await client.chat.postMessage({ channel: 'C0OPS', text: 'card', metadata: meta('k1') });
    expect(standin.messages('C0OPS')[0]?.metadata).toEqual(meta('k1'));
    const plain = await client.conversations.history({ channel: 'C0OPS' });
    expect(plain.messages?.[0]).not.toHaveProperty('metadata');
    const withMeta = await client.conversations.history({ channel: 'C0OPS', include_all_metadata: true });
    expect(withMeta.messages).toMatchObject([
      { ts: posted.ts, text: 'card', user: 'U0BOT', metadata: meta('k1') },
    ]);
  });

  it('replaces metadata on chat.update only when the call carries some', async () => {
    const { ts = '' } = await client.chat.postMessage({
      channel: 'C0OPS',
      text: 'card',
      metadata: meta('k1'),
    });
    await client.chat.update({ channel: 'C0OPS', ts, text: 'card (edited)' });
    expect(standin.messages('C0OPS')[0]?.metadata).toEqual(meta('k1'));
    await client.chat.update({ channel: 'C0OPS', ts, text: 'card (approved)', metadata: meta('k2') });
    expect(standin.messages('C0OPS')[0]?.metadata).toEqual(meta('k2'));
  });

  it('refuses metadata without an event_type or an event_payload object', async () => {
    const bad = { event_type: '', event_payload: { key: 'k' } };
    expect(
      await refusal(client.chat.postMessage({ channel: 'C0OPS', text: 'x', metadata: bad })),
    ).toMatchObject({
      error: 'invalid_metadata_schema',
    });
    expect(
      await refusal(client.apiCall('chat.postMessage', { channel: 'C0OPS', text: 'x', metadata: '{nope' })),
    ).toMatchObject({ error: 'invalid_metadata_format' });
    expect(standin.messages('C0OPS')).toEqual([]);
  });

  it('lists top-level messages newest first, without ephemerals or replies, a thread parent with its count', async () => {
    const parent = await client.chat.postMessage({ channel: 'C0OPS', text: 'parent' });
    await client.chat.postMessage({ channel: 'C0OPS', text: 'reply', thread_ts: parent.ts ?? '' });
    await client.chat.postEphemeral({ channel: 'C0OPS', user: 'U0OPS', text: 'only you' });
    standin.postAsUser({ user: 'U0OPS', channel: 'C0OPS', text: 'hello' });
    const history = await client.conversations.history({ channel: 'C0OPS' });
    expect(history.messages?.map((m) => m.text)).toEqual(['hello', 'parent']);
    expect(history.messages?.[1]).toMatchObject({ thread_ts: parent.ts, reply_count: 1 });
    expect(history.has_more).toBe(false);
  });

  it('pages with limit and an opaque cursor until has_more is false', async () => {
    for (let i = 1; i <= 5; i++) standin.postAsUser({ user: 'U0OPS', channel: 'C0OPS', text: `m${i}` });
    const first = await client.conversations.history({ channel: 'C0OPS', limit: 2 });
    expect(first.messages?.map((m) => m.text)).toEqual(['m5', 'm4']);
    expect(first.has_more).toBe(true);
    const cursor = first.response_metadata?.next_cursor ?? '';
    const second = await client.conversations.history({ channel: 'C0OPS', limit: 2, cursor });
    const third = await client.conversations.history({
      channel: 'C0OPS',
      limit: 2,
      cursor: second.response_metadata?.next_cursor ?? '',
    });
    expect([second, third].map((p) => p.messages?.map((m) => m.text))).toEqual([['m3', 'm2'], ['m1']]);
    expect(third.has_more).toBe(false);
    expect(
      await refusal(client.conversations.history({ channel: 'C0OPS', cursor: 'bm9wZQ==' })),
    ).toMatchObject({
      error: 'invalid_cursor',
    });
  });

  it('gives a thread parent first, then replies oldest first, from the parent’s ts or a reply’s', async () => {
    const parent = await client.chat.postMessage({ channel: 'C0OPS', text: 'parent', metadata: meta('p') });
    const thread_ts = parent.ts ?? '';
    const r1 = await client.chat.postMessage({
      channel: 'C0OPS',
      text: 'r1',
      thread_ts,
      metadata: meta('r1'),
    });
    await client.chat.postMessage({ channel: 'C0OPS', text: 'r2', thread_ts });
    const replies = await client.conversations.replies({
      channel: 'C0OPS',
      ts: thread_ts,
      include_all_metadata: true,
    });
    expect(
      replies.messages?.map((m) => [
        m.text,
        (m.metadata?.event_payload as { key?: string } | undefined)?.key,
      ]),
    ).toEqual([
      ['parent', 'p'],
      ['r1', 'r1'],
      ['r2', undefined],
    ]);
    const fromReply = await client.conversations.replies({ channel: 'C0OPS', ts: r1.ts ?? '' });
    expect(fromReply.messages?.map((m) => m.text)).toEqual(['parent', 'r1', 'r2']);
    expect(
      await refusal(client.conversations.replies({ channel: 'C0OPS', ts: '1600000000.000001' })),
    ).toMatchObject({
      error: 'thread_not_found',
    });
  });

  it('says whether the bot is in a channel, and refuses posts and history where it is not', async () => {
    expect((await client.conversations.info({ channel: 'C0OPS' })).channel).toMatchObject({
      name: 'backfill-ops',
      is_member: true,
      is_private: false,
    });
    expect((await client.conversations.info({ channel: 'C0QUIET' })).channel).toMatchObject({
      name: 'quiet',
      is_member: false,
    });
    expect((await client.conversations.info({ channel: 'C0LEADS' })).channel).toMatchObject({
      is_private: true,
      is_member: true,
    });
    for (const call of [
      client.chat.postEphemeral({ channel: 'C0QUIET', user: 'U0OPS', text: 'x' }),
      client.conversations.history({ channel: 'C0QUIET' }),
    ]) {
      expect(await refusal(call)).toMatchObject({ error: 'not_in_channel' });
    }
    expect(standin.messages('C0QUIET')).toEqual([]);
  });
});

describe('channels the bot is not in', () => {
  it('lets chat:write.public post in a public channel the bot was never invited to, nowhere else', async () => {
    const { standin, client } = await standinWithClient({ scopes: ['chat:write', 'chat:write.public'] });
    try {
      await client.chat.postMessage({ channel: 'C0QUIET', text: 'hello' });
      expect(standin.messages('C0QUIET').map((m) => m.text)).toEqual(['hello']);
    } finally {
      await standin.close();
    }
    const bare = await standinWithClient({ scopes: ['chat:write'] });
    try {
      expect(await refusal(bare.client.chat.postMessage({ channel: 'C0QUIET', text: 'x' }))).toMatchObject({
        error: 'not_in_channel',
      });
    } finally {
      await bare.standin.close();
    }
  });

  it('hides a private channel the bot is not in: channel_not_found, as Slack answers', async () => {
    const world = {
      ...standinWorld,
      channels: [
        ...standinWorld.channels,
        { id: 'C0SECRET', name: 'secret', isPrivate: true, botIsMember: false },
      ],
    };
    const { standin, client } = await standinWithClient({ scopes: ALL_SCOPES, world });
    try {
      for (const call of [
        client.conversations.info({ channel: 'C0SECRET' }),
        client.chat.postMessage({ channel: 'C0SECRET', text: 'x' }),
      ]) {
        expect(await refusal(call)).toMatchObject({ error: 'channel_not_found' });
      }
    } finally {
      await standin.close();
    }
  });
});
