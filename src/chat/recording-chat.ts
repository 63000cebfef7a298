import type { FileAttachment, Form, Message } from '../domain/message.js';
import type { ChatErrorCode, ChatPort, MessageRef, UploadedFile } from './chat.js';
import { ChatError } from './chat-error.js';
import { chatRefusals } from './chat-refusals.js';

/** A post or reply as it stands now: `message` and `key` are the latest update's, if any. */
export interface RecordedPost {
  ref: MessageRef;
  key: string;
  thread?: MessageRef;
  message: Message;
}

export interface RecordedUpdate {
  ref: MessageRef;
  key: string;
  message: Message;
}

export interface RecordedTell {
  channel: string;
  user: string;
  message: Message;
}

export interface RecordedUpload {
  id: string;
  channel: string;
  thread?: MessageRef;
  file: FileAttachment;
}

export interface RecordedHome {
  user: string;
  message: Message;
}

export interface RecordedForm {
  trigger: string;
  form: Form;
}

export interface RecordingChatOptions {
  /**
   * Channels the bot is not in, id -> name (for the message): posts, private answers and
   * checkCanPost there are NOT_IN_CHANNEL.
   */
  notInChannel?: Readonly<Record<string, string>>;
}

/**
 * A chat that records what would be posted instead of posting it, with refs shaped like Slack's.
 * For tests (and the CLI, which has no chat): it passes the chat contract suite, and `failNext`
 * makes the next calls fail as a chat system would.
 */
export class RecordingChat implements ChatPort {
  readonly kind = 'recording';
  /** Posts and replies in order, each with its current content. */
  readonly posts: RecordedPost[] = [];
  readonly updates: RecordedUpdate[] = [];
  readonly tells: RecordedTell[] = [];
  readonly forms: RecordedForm[] = [];
  /** Home pages published, in order (the last one per user is what they see). */
  readonly homes: RecordedHome[] = [];
  /** Files shared, in order. */
  readonly uploads: RecordedUpload[] = [];
  private readonly notInChannel: Readonly<Record<string, string>>;
  private readonly failures: { code: ChatErrorCode; retryAfterSeconds?: number }[] = [];
  private seq = 0;

  constructor(options: RecordingChatOptions = {}) {
    this.notInChannel = options.notInChannel ?? {};
  }

  /** The next `times` calls (any method) throw ChatError `code`, and record nothing. */
  failNext(code: ChatErrorCode, times = 1, retryAfterSeconds?: number): void {
    for (let i = 0; i < times; i++)
      this.failures.push({ code, ...(retryAfterSeconds ? { retryAfterSeconds } : {}) });
  }

  /** A channel's posts (without `thread`) or a thread's replies, as they stand now. */
  messages(channel: string, thread?: MessageRef): RecordedPost[] {
    return this.posts.filter((p) => p.ref.channel === channel && p.thread?.ts === thread?.ts);
  }

  async post(
    channel: string,
    message: Message,
    options: { key: string; thread?: MessageRef },
  ): Promise<MessageRef> {
    this.failIfTold();
    this.requireMember(channel);
    const ref = { channel, ts: this.nextTs() };
    this.posts.push({
      ref,
      key: options.key,
      ...(options.thread ? { thread: options.thread } : {}),
      message,
    });
    return ref;
  }

  async update(ref: MessageRef, message: Message, options: { key: string }): Promise<void> {
    this.failIfTold();
    const posted = this.posted(ref);
    if (!posted) throw chatRefusals.messageNotFound('update');
    posted.message = message;
    posted.key = options.key;
    this.updates.push({ ref, key: options.key, message });
  }

  async tell(channel: string, user: string, message: Message): Promise<void> {
    this.failIfTold();
    this.requireMember(channel);
    this.tells.push({ channel, user, message });
  }

  async publishHome(user: string, message: Message): Promise<void> {
    this.failIfTold();
    this.homes.push({ user, message });
  }

  async openForm(trigger: string, form: Form): Promise<void> {
    this.failIfTold();
    this.forms.push({ trigger, form });
  }

  async find(channel: string, key: string, thread?: MessageRef): Promise<MessageRef | null> {
    this.failIfTold();
    return this.messages(channel, thread).find((p) => p.key === key)?.ref ?? null;
  }

  async checkCanPost(channel: string): Promise<void> {
    this.failIfTold();
    this.requireMember(channel);
  }

  async upload(
    channel: string,
    file: FileAttachment,
    options: { thread?: MessageRef } = {},
  ): Promise<UploadedFile> {
    this.failIfTold();
    this.requireMember(channel);
    const id = `F${String(this.uploads.length + 1).padStart(8, '0')}`;
    this.uploads.push({ id, channel, ...(options.thread ? { thread: options.thread } : {}), file });
    return { id };
  }

  private posted(ref: MessageRef): RecordedPost | undefined {
    return this.posts.find((p) => p.ref.channel === ref.channel && p.ref.ts === ref.ts);
  }

  private requireMember(channel: string): void {
    const name = this.notInChannel[channel];
    if (name !== undefined) throw chatRefusals.notInChannel(`#${name || channel}`);
  }

  private failIfTold(): void {
    const failure = this.failures.shift();
    if (failure) {
      throw new ChatError(
        failure.code,
        `recording chat: failing as told (${failure.code})`,
        undefined,
        failure.retryAfterSeconds,
      );
    }
  }

  /** Slack-shaped, strictly increasing timestamps: seconds.microseconds. */
  private nextTs(): string {
    this.seq += 1;
    return `1700000000.${String(this.seq).padStart(6, '0')}`;
  }
}
