import type { FileAttachment, Form, Message } from '../domain/message.js';
import type { ChatPort, MessageRef, UploadedFile } from './chat.js';
import { ChatError } from './chat-error.js';

/**
 * The chat of a front without one (the CLI): nothing is posted here. A relay run by the CLI finds
 * every chat row transiently unavailable and leaves it pending, with the reason, for the bot's relay,
 * which posts it when it runs; queue rows go out at once.
 */
export class DeferredChat implements ChatPort {
  readonly kind = 'recording';

  private later(): never {
    throw new ChatError('UNAVAILABLE', 'posted by the bot when it runs (the CLI does not post to Slack)');
  }

  async post(
    _channel: string,
    _message: Message,
    _options: { key: string; thread?: MessageRef },
  ): Promise<MessageRef> {
    return this.later();
  }
  async update(_ref: MessageRef, _message: Message, _options: { key: string }): Promise<void> {
    this.later();
  }
  async tell(_channel: string, _user: string, _message: Message): Promise<void> {
    this.later();
  }
  async publishHome(_user: string, _message: Message): Promise<void> {
    this.later();
  }
  async openForm(_trigger: string, _form: Form): Promise<void> {
    this.later();
  }
  async find(): Promise<MessageRef | null> {
    return null;
  }
  /** The bot checks its channels when it posts; the CLI cannot ask Slack. */
  async checkCanPost(): Promise<void> {}
  /** The CLI writes files to disk itself (`--out`); it has nothing to share them in. */
  async upload(
    _channel: string,
    _file: FileAttachment,
    _options?: { thread?: MessageRef },
  ): Promise<UploadedFile> {
    return this.later();
  }
}
