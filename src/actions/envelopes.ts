import type { PublishPayload } from '../outbox/outbox-payload.js';

// What the bot puts on the phase topics. A pipeline's consumers code against these shapes
// (docs/messages.md): every message has a schema, a kind and a stable `message_key`, on which a
// consumer deduplicates (delivery is at least once).

export interface RerunEnvelopeInput {
  messageKey: string;
  requestId: string;
  processor: string;
  phase: number;
  topic: string;
  dates: string[];
  requestedBy: string;
  requestedAt: string;
}

/** One re-run message: one processor, the exact dates to run (ascending), ordered by processor. */
export function rerunEnvelope(m: RerunEnvelopeInput): PublishPayload {
  return {
    topic: m.topic,
    data: {
      schema: 'backfill-bot.rerun/v1',
      kind: 'rerun',
      message_key: m.messageKey,
      request_id: m.requestId,
      processor: m.processor,
      phase: m.phase,
      dates: m.dates,
      start_date: m.dates[0],
      end_date: m.dates.at(-1),
      backfill_mode: true,
      skip_downstream_trigger: true,
      requested_by: m.requestedBy,
      requested_at: m.requestedAt,
    },
    attributes: { message_key: m.messageKey, request_id: m.requestId, processor: m.processor, kind: 'rerun' },
    orderingKey: m.processor,
  };
}

export interface StageStartInput {
  messageKey: string;
  /** The gate request whose approval starts the stage. */
  requestId: string;
  gate: string;
  phase: number;
  topic: string;
  range: { start: string; end: string };
  approvedBy: string[];
  decidedAt: string;
  evidenceFingerprint: string;
}

/** A stage's start after a gate's approval, carrying the decision and the evidence it approved. */
export function stageStartEnvelope(m: StageStartInput): PublishPayload {
  return {
    topic: m.topic,
    data: {
      schema: 'backfill-bot.stage-start/v1',
      kind: 'stage-start',
      message_key: m.messageKey,
      request_id: m.requestId,
      gate: m.gate,
      phase: m.phase,
      start_date: m.range.start,
      end_date: m.range.end,
      approved_by: m.approvedBy,
      decided_at: m.decidedAt,
      evidence_fingerprint: m.evidenceFingerprint,
    },
    attributes: { message_key: m.messageKey, request_id: m.requestId, kind: 'stage-start', gate: m.gate },
  };
}
