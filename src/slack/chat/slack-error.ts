import { webApi } from '@slack/bolt';
import { ChatError } from '../../chat/chat-error.js';
import { chatRefusals } from '../../chat/chat-refusals.js';

/** The call that failed: its method, and the channel as people know it (`#name` or `#<id>`). */
export interface SlackCallContext {
  method: string;
  channel?: string;
}

// Platform errors that mean Slack itself is struggling: waiting helps (docs.slack.dev, every method).
const TRANSIENT = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

interface SlackErrorShape {
  code?: unknown;
  data?: { error?: unknown; needed?: unknown };
  retryAfter?: unknown;
  statusCode?: unknown;
}

/** The Slack error code of a platform error (`{ ok: false, error }`), if it is one. */
export function platformCode(error: unknown): string | undefined {
  const e = error as SlackErrorShape | null;
  return e?.code === webApi.ErrorCode.PlatformError && typeof e.data?.error === 'string'
    ? e.data.error
    : undefined;
}

/**
 * A @slack/web-api error as a ChatError that says what to do; anything that is not a Slack error
 * (a bug of ours) is returned as it is, to surface as an internal error.
 */
export function chatErrorFrom(error: unknown, context: SlackCallContext): unknown {
  if (error instanceof ChatError) return error;
  const e = error as SlackErrorShape | null;
  const { method } = context;
  const cause = { cause: error };
  switch (e?.code) {
    case webApi.ErrorCode.RateLimitedError:
      return chatRefusals.rateLimited(
        method,
        typeof e.retryAfter === 'number' ? e.retryAfter : undefined,
        cause,
      );
    case webApi.ErrorCode.RequestError:
      return chatRefusals.unavailable(method, 'no answer', cause);
    case webApi.ErrorCode.HTTPError: {
      const status = typeof e.statusCode === 'number' ? e.statusCode : 0;
      if (status === 429) return chatRefusals.rateLimited(method, undefined, cause);
      if (status >= 500) return chatRefusals.unavailable(method, `HTTP ${status}`, cause);
      return chatRefusals.refused(method, `HTTP ${status}`, cause);
    }
    case webApi.ErrorCode.PlatformError:
      return fromPlatform(platformCode(error) ?? 'unknown_error', e.data?.needed, context, cause);
    default:
      return error;
  }
}

function fromPlatform(
  code: string,
  needed: unknown,
  context: SlackCallContext,
  cause: { cause: unknown },
): ChatError {
  const { method, channel = 'the channel' } = context;
  switch (code) {
    case 'not_in_channel':
      return chatRefusals.notInChannel(channel, cause);
    case 'channel_not_found':
      return chatRefusals.channelNotFound(channel, cause);
    case 'missing_scope':
      return chatRefusals.missingScope(typeof needed === 'string' ? needed : 'required', method, cause);
    case 'message_not_found':
    case 'thread_not_found':
      return chatRefusals.messageNotFound(method, cause);
    case 'ratelimited':
    case 'rate_limited':
      return chatRefusals.rateLimited(method, undefined, cause);
    default:
      return TRANSIENT.has(code)
        ? chatRefusals.unavailable(method, code, cause)
        : chatRefusals.refused(method, code, cause);
  }
}
