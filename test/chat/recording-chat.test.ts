import { describe, expect, it } from 'vitest';
import { ChatError } from '../../src/chat/chat-error.js';
import { RecordingChat } from '../../src/chat/recording-chat.js';
import { message, rejectForm } from './gate-messages.js';

describe('the recording chat', () => {
  it('records posts, replies, updates, private answers and forms with Slack-shaped refs', async () => {
    const chat = new RecordingChat();
    const card = await chat.post('C0OPS', message('card'), { key: 'k-card' });
    const reply = await chat.post('C0OPS', message('reply'), { key: 'k-reply', thread: card });
    await chat.update(card, message('card, approved'), { key: 'k-approved' });
    await chat.tell('C0OPS', 'U0OPS', message('only you'));
    await chat.openForm('t-1', rejectForm);
    expect(card).toEqual({ channel: 'C0OPS', ts: '1700000000.000001' });
    expect(reply).toEqual({ channel: 'C0OPS', ts: '1700000000.000002' });
    expect(chat.posts).toEqual([
      { ref: card, key: 'k-approved', message: message('card, approved') },
      { ref: reply, key: 'k-reply', thread: card, message: message('reply') },
    ]);
    expect(chat.updates).toEqual([{ ref: card, key: 'k-approved', message: message('card, approved') }]);
    expect(chat.tells).toEqual([{ channel: 'C0OPS', user: 'U0OPS', message: message('only you') }]);
    expect(chat.forms).toEqual([{ trigger: 't-1', form: rejectForm }]);
  });

  it('fails the next calls as told, recording nothing for them, then works again', async () => {
    const chat = new RecordingChat();
    chat.failNext('RATE_LIMITED', 2, 7);
    for (const call of [chat.post('C0OPS', message('card'), { key: 'k' }), chat.find('C0OPS', 'k')]) {
      const error = await call.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ChatError);
      expect(error).toMatchObject({ chatCode: 'RATE_LIMITED', retryAfterSeconds: 7, transient: true });
    }
    expect(chat.posts).toEqual([]);
    await chat.post('C0OPS', message('card'), { key: 'k' });
    expect(await chat.find('C0OPS', 'k')).toEqual({ channel: 'C0OPS', ts: '1700000000.000001' });
    chat.failNext('NOT_IN_CHANNEL');
    await expect(chat.checkCanPost('C0OPS')).rejects.toMatchObject({
      chatCode: 'NOT_IN_CHANNEL',
      transient: false,
    });
    await expect(chat.checkCanPost('C0OPS')).resolves.toBeUndefined();
  });
});
