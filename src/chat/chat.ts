import type { FileAttachment, Form, Message } from '../domain/message.js';

/** Where a posted message lives: enough to update it or reply in its thread. */
export interface MessageRef {
  channel: string;
  ts: string;
}

/**
 * The chat port: what the core asks of a chat system, in our own types. Adapters: the Slack Web API
 * (src/slack/chat) and a recording one (src/chat/recording-chat.ts) for tests and the CLI. Both pass
 * test/chat/chat-contract.test.ts.
 *
 * Posts and replies carry a stable `key` (the outbox row's): an adapter keeps it with the message
 * (Slack: message metadata), so after a crash `find` tells whether a post already went out before it
 * is sent again. Errors are ChatError with a code the core and the relay act on.
 */
export interface ChatPort {
  readonly kind: 'slack' | 'recording';
  /** Posts in a channel (or, with `thread`, as a reply in that message's thread). */
  post(channel: string, message: Message, options: { key: string; thread?: MessageRef }): Promise<MessageRef>;
  /** Replaces a posted message's content; `key` replaces the one it carries (so `find` sees the update). */
  update(ref: MessageRef, message: Message, options: { key: string }): Promise<void>;
  /** A message only `user` sees, in `channel`. */
  tell(channel: string, user: string, message: Message): Promise<void>;
  /**
   * Replaces what `user` sees on the app's own page (Slack: the App Home tab, views.publish). Publishing
   * the same view again changes nothing, so it needs no key.
   */
  publishHome(user: string, message: Message): Promise<void>;
  /** Opens a form for the person whose click produced `trigger` (Slack: a trigger_id, valid 3 s). */
  openForm(trigger: string, form: Form): Promise<void>;
  /** A post, reply or update made with `key`, if one went out (recent history of the channel or thread). */
  find(channel: string, key: string, thread?: MessageRef): Promise<MessageRef | null>;
  /** Throws ChatError NOT_IN_CHANNEL when the bot cannot post in `channel`. */
  checkCanPost(channel: string): Promise<void>;
  /**
   * Shares a file in a channel (or, with `thread`, in that message's thread), for everyone there,
   * with its title and alt text (Slack: files.getUploadURLExternal, the bytes, completeUploadExternal).
   */
  upload(channel: string, file: FileAttachment, options?: { thread?: MessageRef }): Promise<UploadedFile>;
}

/** A shared file: the chat system's id for it. */
export interface UploadedFile {
  id: string;
}

/**
 * NOT_IN_CHANNEL / CHANNEL_NOT_FOUND / MISSING_SCOPE are permanent until a person acts (the message
 * says what to do); RATE_LIMITED and UNAVAILABLE pass with time; MESSAGE_NOT_FOUND means the target
 * of an update or reply is gone.
 */
export type ChatErrorCode =
  | 'NOT_IN_CHANNEL'
  | 'CHANNEL_NOT_FOUND'
  | 'MISSING_SCOPE'
  | 'MESSAGE_NOT_FOUND'
  | 'RATE_LIMITED'
  | 'UNAVAILABLE'
  | 'REFUSED';
