import { z } from 'zod';
import type { Message } from '../domain/message.js';
import type { JsonValue, OutboxEffect, OutboxRow } from '../store/state-store.js';

// What each kind of outbox row carries. Rows are written by core actions and read back by the relay,
// possibly by another version of the bot after an upgrade: parse, never cast.

const message = z.custom<Message>(
  (v) => typeof v === 'object' && v !== null && 'summary' in v && Array.isArray((v as Message).blocks),
  'a message model',
);

export const postPayload = z.object({
  channel: z.string().min(1),
  message,
  /** Record the post as this gate request's card (channel and ts), in the same transaction. */
  attach: z.object({ gateRequest: z.string().min(1) }).optional(),
});

/** A reply in, or an update of, the message another row (`target`, its key) posted. */
export const targetedPayload = z.object({ target: z.string().min(1), message });

export const publishPayload = z.object({
  topic: z.string().min(1),
  data: z.record(z.string(), z.unknown()),
  attributes: z.record(z.string(), z.string()),
  orderingKey: z.string().min(1).optional(),
});

/** Publish `user`'s App Home again: built when delivered, so it shows the state of then. */
export const homePayload = z.object({ user: z.string().min(1) });

/** What delivering a chat row returns (and a post's replies and updates are aimed at). */
export const messageRefResult = z.object({ channel: z.string().min(1), ts: z.string().min(1) });
export const publishResult = z.object({ messageId: z.string().min(1) });

export type PostPayload = z.infer<typeof postPayload>;
export type TargetedPayload = z.infer<typeof targetedPayload>;
export type PublishPayload = z.infer<typeof publishPayload>;
export type HomePayload = z.infer<typeof homePayload>;

const json = (value: unknown): JsonValue => JSON.parse(JSON.stringify(value)) as JsonValue;

/** Outbox rows as core actions write them. */
export const outbox = {
  post: (key: string, stream: string, payload: PostPayload): OutboxEffect => ({
    key,
    kind: 'chat.post',
    stream,
    payload: json(payload),
  }),
  update: (key: string, stream: string, payload: TargetedPayload): OutboxEffect => ({
    key,
    kind: 'chat.update',
    stream,
    payload: json(payload),
  }),
  reply: (key: string, stream: string, payload: TargetedPayload): OutboxEffect => ({
    key,
    kind: 'chat.reply',
    stream,
    payload: json(payload),
  }),
  /** One stream per person: their Home is published in the order the changes were written. */
  home: (key: string, payload: HomePayload): OutboxEffect => ({
    key,
    kind: 'home.publish',
    stream: `home:${payload.user}`,
    payload: json(payload),
  }),
  publish: (key: string, stream: string, payload: PublishPayload): OutboxEffect => ({
    key,
    kind: 'queue.publish',
    stream,
    payload: json(payload),
  }),
};

/** The gate request a delivered post is the card of, if any (the store attaches it on completion). */
export function attachedGateRequest(row: Pick<OutboxRow, 'kind' | 'payload'>): string | null {
  if (row.kind !== 'chat.post') return null;
  const parsed = postPayload.safeParse(row.payload);
  return parsed.success ? (parsed.data.attach?.gateRequest ?? null) : null;
}
