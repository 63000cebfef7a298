import { BackfillError } from '../domain/errors.js';
import type { ChatErrorCode } from './chat.js';

/** A chat system's refusal in our terms: `chatCode` says whether waiting helps (see ChatErrorCode). */
export class ChatError extends BackfillError {
  constructor(
    readonly chatCode: ChatErrorCode,
    message: string,
    hint?: string,
    /** Seconds the chat system asked us to wait (Slack's Retry-After), when it said. */
    readonly retryAfterSeconds?: number,
    options?: { cause?: unknown },
  ) {
    super('CHAT_FAILED', message, hint, options);
    this.name = 'ChatError';
  }

  /** Waiting (and retrying) may help; otherwise a person must act first. */
  get transient(): boolean {
    return this.chatCode === 'RATE_LIMITED' || this.chatCode === 'UNAVAILABLE';
  }
}
