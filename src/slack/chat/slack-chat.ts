import type { ChatPort, MessageRef, UploadedFile } from '../../chat/chat.js';
import { chatRefusals } from '../../chat/chat-refusals.js';
import type { FileAttachment, Form, Message } from '../../domain/message.js';
import { renderBlockKit } from '../render/block-kit.js';
import { formView } from '../render/form-view.js';
import { homeView } from '../render/home-view.js';
import { outboxKeyOf, outboxMetadata } from './outbox-metadata.js';
import type { WebClient } from './slack-client.js';
import { chatErrorFrom, platformCode } from './slack-error.js';

// `find` runs for a row retried after a crash, minutes later: two pages reach the channel's newest
// 400 messages (history is newest first) or a thread's first 400 replies (replies are oldest first;
// gate threads hold a handful). Older pages would cost calls (Tier 3) for a post that cannot be there.
const FIND_PAGE_SIZE = 200;
const FIND_PAGES = 2;
// The bytes go to Slack's upload URL in one POST; a heatmap is ~100 kB, so a stall is a hung link.
const UPLOAD_TIMEOUT_MS = 30_000;

interface HistoryMessage {
  ts?: string;
  user?: string;
  metadata?: { event_type?: string; event_payload?: unknown };
}

export interface SlackChatOptions {
  /** The bot's user id (Bolt's context.botUserId); asked of auth.test once when not given. */
  botUserId?: string;
}

/**
 * The chat port on Slack's Web API. Messages are rendered by the Block Kit renderer; every Slack
 * error becomes a ChatError that says what to do. Give it a client made with SLACK_CLIENT_OPTIONS
 * (createSlackClient), so one call is one attempt and the outbox relay owns retries.
 */
export class SlackChat implements ChatPort {
  readonly kind = 'slack';
  private botUser: Promise<string> | undefined;

  constructor(
    private readonly client: WebClient,
    options: SlackChatOptions = {},
  ) {
    if (options.botUserId) this.botUser = Promise.resolve(options.botUserId);
  }

  async post(
    channel: string,
    message: Message,
    options: { key: string; thread?: MessageRef },
  ): Promise<MessageRef> {
    const posted = await this.call('chat.postMessage', channel, () =>
      this.client.chat.postMessage({
        channel,
        ...renderBlockKit(message, { command: '' }),
        metadata: outboxMetadata(options.key),
        ...(options.thread ? { thread_ts: options.thread.ts } : {}),
      }),
    );
    if (!posted.ts) throw new Error('chat.postMessage answered ok without a ts');
    return { channel: posted.channel ?? channel, ts: posted.ts };
  }

  async update(ref: MessageRef, message: Message, options: { key: string }): Promise<void> {
    await this.call('chat.update', ref.channel, () =>
      this.client.chat.update({
        channel: ref.channel,
        ts: ref.ts,
        ...renderBlockKit(message, { command: '' }),
        metadata: outboxMetadata(options.key),
      }),
    );
  }

  async tell(channel: string, user: string, message: Message): Promise<void> {
    await this.call('chat.postEphemeral', channel, () =>
      this.client.chat.postEphemeral({ channel, user, ...renderBlockKit(message, { command: '' }) }),
    );
  }

  async publishHome(user: string, message: Message): Promise<void> {
    await this.call('views.publish', undefined, () =>
      this.client.views.publish({ user_id: user, view: homeView(message) }),
    );
  }

  async openForm(trigger: string, form: Form): Promise<void> {
    await this.call('views.open', undefined, () =>
      this.client.views.open({ trigger_id: trigger, view: formView(form) }),
    );
  }

  async find(channel: string, key: string, thread?: MessageRef): Promise<MessageRef | null> {
    const botUser = await this.botUserId();
    let cursor: string | undefined;
    for (let page = 0; page < FIND_PAGES; page++) {
      const answer = await this.historyPage(channel, thread, cursor);
      const hit = answer.messages.find(
        (m) => m.user === botUser && m.ts !== thread?.ts && outboxKeyOf(m) === key,
      );
      if (hit?.ts) return { channel, ts: hit.ts };
      cursor = answer.nextCursor;
      if (!cursor) break;
    }
    return null;
  }

  async checkCanPost(channel: string): Promise<void> {
    // The app's DM with a person is opened by posting to it: there is no membership to check.
    if (channel.startsWith('D')) return;
    const info = await this.call('conversations.info', channel, () =>
      this.client.conversations.info({ channel }),
    );
    // Slack answers is_member: false rather than an error: what a post there would meet as not_in_channel.
    if (!info.channel?.is_member) throw chatRefusals.notInChannel(label(channel, info.channel?.name));
  }

  /**
   * Slack's external upload: reserve a URL for the file (with its alt text), POST the bytes there,
   * then complete it into the channel (and thread), which shares it with everyone in it.
   */
  async upload(
    channel: string,
    file: FileAttachment,
    options: { thread?: MessageRef } = {},
  ): Promise<UploadedFile> {
    const reserved = await this.call('files.getUploadURLExternal', channel, () =>
      this.client.files.getUploadURLExternal({
        filename: file.filename,
        length: file.bytes.length,
        alt_text: file.altText,
      }),
    );
    const { upload_url: url, file_id: id } = reserved;
    if (!url || !id) throw new Error('files.getUploadURLExternal answered ok without upload_url or file_id');
    await postBytes(url, file.bytes);
    await this.call('files.completeUploadExternal', channel, () =>
      this.client.files.completeUploadExternal({
        files: [{ id, title: file.title }],
        channel_id: channel,
        ...(options.thread ? { thread_ts: options.thread.ts } : {}),
      }),
    );
    return { id };
  }

  /** A page of a channel's history or a thread, with metadata, newest posts within reach. */
  private async historyPage(
    channel: string,
    thread: MessageRef | undefined,
    cursor: string | undefined,
  ): Promise<{ messages: HistoryMessage[]; nextCursor?: string }> {
    const common = {
      channel,
      include_all_metadata: true,
      limit: FIND_PAGE_SIZE,
      ...(cursor ? { cursor } : {}),
    };
    const answer = thread
      ? await this.call('conversations.replies', channel, () =>
          this.client.conversations.replies({ ...common, ts: thread.ts }),
        )
      : await this.call('conversations.history', channel, () => this.client.conversations.history(common));
    const next = answer.has_more ? answer.response_metadata?.next_cursor : undefined;
    return { messages: (answer.messages ?? []) as HistoryMessage[], ...(next ? { nextCursor: next } : {}) };
  }

  private botUserId(): Promise<string> {
    this.botUser ??= this.call('auth.test', undefined, () => this.client.auth.test()).then((answer) => {
      if (!answer.user_id) throw new Error('auth.test answered without user_id');
      return answer.user_id;
    });
    // A failed lookup is asked again next time, not remembered.
    this.botUser.catch(() => {
      this.botUser = undefined;
    });
    return this.botUser;
  }

  /** One Web API call; its failure as a ChatError, naming the channel as people know it. */
  private async call<T>(method: string, channel: string | undefined, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      const name =
        channel && platformCode(error) === 'not_in_channel' ? await this.channelName(channel) : undefined;
      throw chatErrorFrom(error, { method, ...(channel ? { channel: label(channel, name) } : {}) });
    }
  }

  /** The channel's name for a message to people; the id will do when Slack will not say. */
  private async channelName(channel: string): Promise<string | undefined> {
    try {
      return (await this.client.conversations.info({ channel })).channel?.name;
    } catch {
      return undefined;
    }
  }
}

const label = (channel: string, name: string | undefined) => `#${name ?? channel}`;

/** The upload step: the raw bytes to the URL Slack gave (no token: the URL is the permission). */
async function postBytes(url: string, bytes: Uint8Array): Promise<void> {
  const method = 'the file upload';
  let answer: Response;
  try {
    answer = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: bytes,
      signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS),
    });
  } catch (error) {
    throw chatRefusals.unavailable(method, 'no answer', { cause: error });
  }
  await answer.arrayBuffer().catch(() => undefined);
  if (answer.status === 429) throw chatRefusals.rateLimited(method, undefined);
  if (answer.status >= 500) throw chatRefusals.unavailable(method, `HTTP ${answer.status}`);
  if (!answer.ok) throw chatRefusals.refused(method, `HTTP ${answer.status}`);
}
