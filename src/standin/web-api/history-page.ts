import type { StandinMessage } from '../message-store.js';
import { type MethodArgs, SlackApiError } from './method-args.js';

// Slack's history methods: `limit` defaults to 100 (at most 999 count), and `cursor` continues where
// the previous page stopped. Its cursors are base64 of `next_ts:<ts>`; apps treat them as opaque.
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 999;

const encode = (ts: string) => Buffer.from(`next_ts:${ts}`).toString('base64');
const decode = (cursor: string) => /^next_ts:(\d+\.\d+)$/.exec(Buffer.from(cursor, 'base64').toString())?.[1];

/** One page of `messages` (already in the method's order) with has_more and the next cursor. */
export function historyPage(
  messages: StandinMessage[],
  args: MethodArgs,
): { page: StandinMessage[]; has_more: boolean; response_metadata: { next_cursor: string } } {
  const requested = Number(args.str('limit') ?? DEFAULT_LIMIT);
  const limit = Number.isInteger(requested) && requested > 0 ? Math.min(requested, MAX_LIMIT) : DEFAULT_LIMIT;
  const cursor = args.str('cursor');
  let start = 0;
  if (cursor) {
    const ts = decode(cursor);
    start = ts === undefined ? -1 : messages.findIndex((m) => m.ts === ts);
    if (start < 0) throw new SlackApiError('invalid_cursor');
  }
  const page = messages.slice(start, start + limit);
  const next = messages[start + limit];
  return {
    page,
    has_more: next !== undefined,
    response_metadata: { next_cursor: next ? encode(next.ts) : '' },
  };
}
