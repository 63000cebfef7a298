import { canonicalJson } from '../domain/gates/canonical-json.js';
import { attachedGateRequest, messageRefResult } from '../outbox/outbox-payload.js';
import {
  type JsonValue,
  type OutboxEffect,
  type OutboxRow,
  REPLACING_KINDS,
  REPLACING_SETTLE_MS,
} from './state-store.js';
import { type Params, type Row, text, textOrNull } from './store-rows.js';

// Outbox rows as both adapters store them: times as ISO text (they compare as text: claimable when
// next_attempt_at <= now), payload and result as canonical JSON text. `claim_token` is the adapters'
// own: it names one claim call, so a claim reads back exactly the rows it took (see claimOutbox).
export const OUTBOX_COLUMNS =
  'key, seq, kind, stream, payload, state, attempts, created_at, next_attempt_at, claimed_by, claimed_until, last_error, result, delivered_at';

/** A new row's columns but its seq (a sequence on DuckDB, a sortable id on BigQuery); unset ones are NULL. */
export const newOutboxParams = (effect: OutboxEffect, now: string): Params => ({
  key: effect.key,
  kind: effect.kind,
  stream: effect.stream,
  payload: canonicalJson(effect.payload),
  state: 'pending',
  attempts: 0,
  created_at: now,
  next_attempt_at: REPLACING_KINDS.includes(effect.kind)
    ? new Date(Date.parse(now) + REPLACING_SETTLE_MS).toISOString()
    : now,
});

const jsonOrNull = (row: Row, key: string): JsonValue | null =>
  row[key] === null ? null : (JSON.parse(text(row, key)) as JsonValue);

export const toOutbox = (row: Row): OutboxRow => ({
  key: text(row, 'key'),
  kind: text(row, 'kind') as OutboxRow['kind'],
  stream: text(row, 'stream'),
  payload: JSON.parse(text(row, 'payload')) as JsonValue,
  seq: text(row, 'seq'),
  state: text(row, 'state') as OutboxRow['state'],
  attempts: Number(row.attempts),
  createdAt: text(row, 'created_at'),
  nextAttemptAt: text(row, 'next_attempt_at'),
  claimedBy: textOrNull(row, 'claimed_by'),
  claimedUntil: textOrNull(row, 'claimed_until'),
  lastError: textOrNull(row, 'last_error'),
  result: jsonOrNull(row, 'result'),
  deliveredAt: textOrNull(row, 'delivered_at'),
});

/**
 * Whether `owner` may complete or fail the row: still pending and claimed by it. A lease that ran
 * out still counts until another owner claims the row (then claimed_by names that one).
 */
export const heldBy = (row: OutboxRow | null, owner: string): row is OutboxRow =>
  row !== null && row.state === 'pending' && row.claimedBy === owner;

export interface CardAttachment {
  requestId: string;
  channel: string;
  messageTs: string;
}

/**
 * Where a delivered gate card landed, when the row is a card post (`attach.gateRequest`) and delivery
 * returned `{ channel, ts }`: completing it records the card on its request, as attachMessage did.
 */
export function cardAttachment(
  row: Pick<OutboxRow, 'kind' | 'payload'>,
  result: JsonValue,
): CardAttachment | null {
  const requestId = attachedGateRequest(row);
  const ref = messageRefResult.safeParse(result);
  if (requestId === null || !ref.success) return null;
  return { requestId, channel: ref.data.channel, messageTs: ref.data.ts };
}
