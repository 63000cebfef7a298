import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatErrorCode, ChatPort } from '../../src/chat/chat.js';
import { ChatError } from '../../src/chat/chat-error.js';
import { RecordingChat } from '../../src/chat/recording-chat.js';
import { tinyPng } from '../standin/tiny-png.js';
import { message, rejectForm } from './gate-messages.js';
import { slackOverStandin } from './slack-standin.js';

/** One adapter under the contract, with a way to see what people in the chat see. */
interface ChatSubject {
  chat: ChatPort;
  /** The texts `viewer` sees in a channel (top level) or in one message's thread, oldest first. */
  seen(channel: string, viewer: string, thread?: string): string[];
  /** A trigger as `user`'s click would give one. */
  trigger(user: string): string;
  /** What `user` sees on the app's Home page, as text; undefined before anything was published. */
  homeText(user: string): string | undefined;
  /** The title of the form open for `user`, if any. */
  openFormTitle(user: string): string | undefined;
  /** The files shared in a channel (top level) or in one message's thread, oldest first. */
  files(channel: string, thread?: string): { title: string; altText: string; size: number }[];
  reset(): void;
  close(): Promise<void>;
}

async function recordingSubject(): Promise<ChatSubject> {
  let chat = new RecordingChat({ notInChannel: { C0QUIET: 'quiet' } });
  return {
    get chat() {
      return chat;
    },
    seen: (channel, viewer, thread) => [
      ...chat.messages(channel, thread ? { channel, ts: thread } : undefined).map((p) => p.message.summary),
      ...(thread ? [] : chat.tells.filter((t) => t.channel === channel && t.user === viewer)).map(
        (t) => t.message.summary,
      ),
    ],
    trigger: (user) => `trigger-of-${user}`,
    homeText: (user) => {
      const home = chat.homes.findLast((h) => h.user === user)?.message;
      return home?.blocks.map((b) => (b.kind === 'text' ? String(b.text) : '')).join('\n');
    },
    openFormTitle: (user) => chat.forms.findLast((f) => f.trigger === `trigger-of-${user}`)?.form.title,
    files: (channel, thread) =>
      chat.uploads
        .filter((u) => u.channel === channel && u.thread?.ts === thread)
        .map((u) => ({ title: u.file.title, altText: u.file.altText, size: u.file.bytes.length })),
    reset: () => {
      chat = new RecordingChat({ notInChannel: { C0QUIET: 'quiet' } });
    },
    close: async () => {},
  };
}

async function slackSubject(): Promise<ChatSubject> {
  // The manifest's scopes: the adapter must work with exactly what the app asks for.
  const slack = await slackOverStandin();
  return {
    chat: slack.chat,
    seen: (channel, viewer, thread) =>
      slack.standin
        .messages(channel, viewer)
        .filter((m) => (thread ? m.thread_ts === thread : !m.thread_ts))
        .map((m) => m.text),
    trigger: (user) => slack.standin.issueTrigger(user),
    homeText: (user) => {
      const home = slack.standin.views.home(user);
      return home ? JSON.stringify(home.view.blocks) : undefined;
    },
    openFormTitle: (user) =>
      (slack.standin.views.modal(user)?.view.title as { text?: string } | undefined)?.text,
    files: (channel, thread) =>
      slack.standin
        .messages(channel)
        .filter((m) => (thread ? m.thread_ts === thread : !m.thread_ts))
        .flatMap((m) => m.files ?? [])
        .map((f) => ({ title: f.title, altText: f.alt_txt ?? '', size: f.size })),
    reset: () => slack.standin.reset(),
    close: () => slack.close(),
  };
}

async function chatError(call: Promise<unknown>): Promise<ChatError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ChatError)) throw new Error(`expected a ChatError, got ${String(error)}`);
  return error;
}

const code = async (call: Promise<unknown>): Promise<ChatErrorCode> => (await chatError(call)).chatCode;

describe.each([
  { name: 'the recording chat', start: recordingSubject },
  { name: 'the Slack chat, through the local stand-in', start: slackSubject },
])('the chat port: $name', ({ start }) => {
  let subject: ChatSubject;
  beforeAll(async () => {
    subject = await start();
  });
  afterAll(() => subject.close());
  beforeEach(() => subject.reset());

  it('posts in the channel and returns a ref to the message', async () => {
    const ref = await subject.chat.post('C0OPS', message('Gate 1 · 2021-22: FAIL'), { key: 'k-post' });
    expect(ref.channel).toBe('C0OPS');
    expect(ref.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(subject.seen('C0OPS', 'U0LEAD1')).toEqual(['Gate 1 · 2021-22: FAIL']);
  });

  it('puts a reply in the thread of the message it answers, not in the channel', async () => {
    const card = await subject.chat.post('C0OPS', message('Gate 1 card'), { key: 'k-card' });
    const reply = await subject.chat.post('C0OPS', message('Approved by @lead1'), {
      key: 'k-reply',
      thread: card,
    });
    expect(reply.channel).toBe('C0OPS');
    expect(reply.ts).not.toBe(card.ts);
    expect(subject.seen('C0OPS', 'U0OPS')).toEqual(['Gate 1 card']);
    expect(subject.seen('C0OPS', 'U0OPS', card.ts)).toEqual(['Approved by @lead1']);
  });

  it('replaces a posted message’s content on update', async () => {
    const card = await subject.chat.post('C0OPS', message('Gate 1: waiting for approval'), { key: 'k-card' });
    await subject.chat.update(card, message('Gate 1: approved by @lead1'), { key: 'k-card-approved' });
    expect(subject.seen('C0OPS', 'U0OPS')).toEqual(['Gate 1: approved by @lead1']);
  });

  it('refuses to update a message that is not there with MESSAGE_NOT_FOUND', async () => {
    expect(
      await code(
        subject.chat.update({ channel: 'C0OPS', ts: '1600000000.000001' }, message('x'), { key: 'k' }),
      ),
    ).toBe('MESSAGE_NOT_FOUND');
  });

  it('tells one person privately: nobody else in the channel sees it', async () => {
    await subject.chat.tell('C0OPS', 'U0OPS', message('Only approvers can approve: @lead1, @lead2'));
    expect(subject.seen('C0OPS', 'U0OPS')).toEqual(['Only approvers can approve: @lead1, @lead2']);
    expect(subject.seen('C0OPS', 'U0LEAD1')).toEqual([]);
  });

  it('finds a post by the key it was made with, and nothing for a key never posted', async () => {
    await subject.chat.post('C0OPS', message('before'), { key: 'k-before' });
    const card = await subject.chat.post('C0OPS', message('Gate 1 card'), { key: 'k-card' });
    await subject.chat.post('C0OPS', message('after'), { key: 'k-after' });
    expect(await subject.chat.find('C0OPS', 'k-card')).toEqual(card);
    expect(await subject.chat.find('C0OPS', 'k-never')).toBeNull();
    expect(await subject.chat.find('C0REMIND', 'k-card')).toBeNull();
  });

  it('finds a reply in its thread (not in the channel), and nothing for an unknown key there', async () => {
    const card = await subject.chat.post('C0OPS', message('Gate 1 card'), { key: 'k-card' });
    const reply = await subject.chat.post('C0OPS', message('Phase 4 started'), {
      key: 'k-reply',
      thread: card,
    });
    expect(await subject.chat.find('C0OPS', 'k-reply', card)).toEqual(reply);
    expect(await subject.chat.find('C0OPS', 'k-never', card)).toBeNull();
    expect(await subject.chat.find('C0OPS', 'k-reply')).toBeNull();
    // The parent is the thread's first message, but it is not a reply.
    expect(await subject.chat.find('C0OPS', 'k-card', card)).toBeNull();
  });

  it('finds an updated message by the update’s key, which replaces the post’s', async () => {
    const card = await subject.chat.post('C0OPS', message('waiting'), { key: 'k-card' });
    await subject.chat.update(card, message('approved'), { key: 'k-card-approved' });
    expect(await subject.chat.find('C0OPS', 'k-card-approved')).toEqual(card);
    expect(await subject.chat.find('C0OPS', 'k-card')).toBeNull();
  });

  it('lets the bot post where it is a member and in a DM', async () => {
    await expect(subject.chat.checkCanPost('C0OPS')).resolves.toBeUndefined();
    await expect(subject.chat.checkCanPost('D0LEAD1')).resolves.toBeUndefined();
  });

  it('refuses a channel the bot is not in with NOT_IN_CHANNEL and says to invite it', async () => {
    const refused = await chatError(subject.chat.checkCanPost('C0QUIET'));
    expect(refused.chatCode).toBe('NOT_IN_CHANNEL');
    expect(refused.message).toBe('backfill-bot is not in #quiet: invite @backfill-bot to #quiet');
    expect(refused.transient).toBe(false);
    const posting = await chatError(subject.chat.post('C0QUIET', message('Gate 1 card'), { key: 'k' }));
    expect(posting.chatCode).toBe('NOT_IN_CHANNEL');
    expect(posting.message).toBe(refused.message);
    expect(await code(subject.chat.tell('C0QUIET', 'U0OPS', message('psst')))).toBe('NOT_IN_CHANNEL');
    expect(subject.seen('C0QUIET', 'U0OPS')).toEqual([]);
  });

  it('shares a file in the channel, or in a thread, with its title and alt text', async () => {
    const bytes = tinyPng(12, 4);
    const file = {
      bytes,
      filename: 'coverage.png',
      title: 'Coverage heatmap',
      altText: '2 tables with gaps',
    };
    const uploaded = await subject.chat.upload('C0OPS', file);
    expect(uploaded.id).toMatch(/^F[A-Z0-9]+$/);
    expect(subject.files('C0OPS')).toEqual([
      { title: 'Coverage heatmap', altText: '2 tables with gaps', size: bytes.length },
    ]);
    const card = await subject.chat.post('C0OPS', message('Gate 1 card'), { key: 'k-card' });
    await subject.chat.upload('C0OPS', { ...file, title: 'In the thread' }, { thread: card });
    expect(subject.files('C0OPS', card.ts).map((f) => f.title)).toEqual(['In the thread']);
    expect(subject.files('C0OPS').map((f) => f.title)).toEqual(['Coverage heatmap']);
  });

  it('refuses to share a file where the bot is not, with NOT_IN_CHANNEL', async () => {
    const file = { bytes: tinyPng(), filename: 'c.png', title: 'Coverage', altText: 'none' };
    expect(await code(subject.chat.upload('C0QUIET', file))).toBe('NOT_IN_CHANNEL');
    expect(subject.files('C0QUIET')).toEqual([]);
  });

  it('publishes a person’s Home page, replacing what they saw, and only theirs', async () => {
    await subject.chat.publishHome('U0LEAD1', message('first overview'));
    await subject.chat.publishHome('U0LEAD1', message('second overview'));
    expect(subject.homeText('U0LEAD1')).toContain('second overview');
    expect(subject.homeText('U0LEAD1')).not.toContain('first overview');
    expect(subject.homeText('U0OPS')).toBeUndefined();
  });

  it('opens a form for the person whose trigger it is', async () => {
    await subject.chat.openForm(subject.trigger('U0LEAD1'), rejectForm);
    expect(subject.openFormTitle('U0LEAD1')).toBe('Reject gate');
    expect(subject.openFormTitle('U0OPS')).toBeUndefined();
  });
});
