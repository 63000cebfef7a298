import { z } from 'zod';
import type { Intent } from '../../domain/message.js';
import { LIMITS } from './slack-limits.js';

// What a button carries in its `value`: the intent, typed and versioned. Keys are short because
// Slack caps a button value at 2000 characters; `v` lets a later version change the shape while
// buttons already posted in channels still decode (or are refused, never misread).
const commandValue = z
  .object({
    v: z.literal(1),
    k: z.literal('command'),
    // Bounded only by the value itself: whatever the renderer fits in a button decodes.
    w: z.string().min(1).max(LIMITS.buttonValue),
    page: z.number().int().min(1).max(50).optional(),
  })
  .strict();

const gateVoteValue = z
  .object({
    v: z.literal(1),
    k: z.literal('gate.vote'),
    id: z.string().min(1).max(200),
    vote: z.enum(['approve', 'reject']),
  })
  .strict();

const rerunValue = z
  .object({
    v: z.literal(1),
    k: z.literal('rerun'),
    id: z.string().min(1).max(200),
    act: z.enum(['confirm', 'cancel', 'approve']),
  })
  .strict();

const milestoneValue = z
  .object({
    v: z.literal(1),
    k: z.literal('milestone'),
    id: z.string().regex(/^[a-z0-9-]{1,40}$/),
    choice: z.enum(['promote', 'keep', 'retrain']),
  })
  .strict();

const watchStopValue = z
  .object({
    v: z.literal(1),
    k: z.literal('watch.stop'),
    id: z.string().regex(/^w_[0-9a-f]{12}$/),
  })
  .strict();

const intentValue = z.discriminatedUnion('k', [
  commandValue,
  gateVoteValue,
  rerunValue,
  milestoneValue,
  watchStopValue,
]);

export type IntentValue = z.infer<typeof intentValue>;

/** The button value for an intent. */
export function encodeIntent(intent: Intent): string {
  const value: IntentValue =
    intent.kind === 'command'
      ? { v: 1, k: 'command', w: intent.words, ...(intent.page ? { page: intent.page } : {}) }
      : intent.kind === 'gate.vote'
        ? { v: 1, k: 'gate.vote', id: intent.requestId, vote: intent.vote }
        : intent.kind === 'rerun'
          ? { v: 1, k: 'rerun', id: intent.requestId, act: intent.act }
          : intent.kind === 'watch.stop'
            ? { v: 1, k: 'watch.stop', id: intent.watchId }
            : { v: 1, k: 'milestone', id: intent.milestoneId, choice: intent.choice };
  return JSON.stringify(value);
}

/**
 * The intent a button value carries; null for anything else (not JSON, another version, an unknown
 * kind, a field out of range). Never throws: values come back from Slack as the clicker sent them.
 */
export function decodeIntent(raw: unknown): Intent | null {
  // Typed as Slack sends it, but a forged payload may carry any JSON here (null, a number, an object).
  if (typeof raw !== 'string' || raw.length > LIMITS.buttonValue) return null;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = intentValue.safeParse(json);
  if (!parsed.success) return null;
  const value = parsed.data;
  if (value.k === 'gate.vote') return { kind: 'gate.vote', requestId: value.id, vote: value.vote };
  if (value.k === 'rerun') return { kind: 'rerun', requestId: value.id, act: value.act };
  if (value.k === 'milestone') return { kind: 'milestone', milestoneId: value.id, choice: value.choice };
  if (value.k === 'watch.stop') return { kind: 'watch.stop', watchId: value.id };
  return { kind: 'command', words: value.w, ...(value.page ? { page: value.page } : {}) };
}
