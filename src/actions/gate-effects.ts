import type { GateData } from '../commands/gate.js';
import { decisionText } from '../commands/gate-decision-text.js';
import type { Catalog } from '../config/catalog-schema.js';
import { type Message, rich } from '../domain/message.js';
import { outbox } from '../outbox/outbox-payload.js';
import type { GateRecord, OutboxEffect } from '../store/state-store.js';
import { stageStartEnvelope } from './envelopes.js';
import { gateCardMessage } from './gate-card.js';

// The outbox rows of gate actions. Keys are stable (a retried action writes the same keys, which the
// store ignores), and every row of one request shares a stream, so its card is posted before it is
// updated or replied to.

const stream = (requestId: string) => `gate:${requestId}`;
export const cardKey = (requestId: string) => `gate:${requestId}:card`;

/** The card's first post in the request's channel; the store attaches it to the request when delivered. */
export function postCard(data: GateData, record: GateRecord): OutboxEffect {
  const { id, channel } = record.request;
  return outbox.post(cardKey(id), stream(id), {
    channel: channel ?? '',
    message: gateCardMessage(data, record),
    attach: { gateRequest: id },
  });
}

/**
 * The card drawn again for a state change. One row per change: the key counts the votes (and says
 * superseded), so a re-delivered click adds no second update.
 */
export function updateCard(data: GateData, record: GateRecord, supersededNote?: string): OutboxEffect {
  const { id } = record.request;
  const version = supersededNote ? 'superseded' : `v${record.votes.length}`;
  return outbox.update(`${cardKey(id)}:${version}`, stream(id), {
    target: cardKey(id),
    message: gateCardMessage(data, record, supersededNote),
  });
}

/** The stage a gate's approval starts, from the catalog; null when it starts none. */
export function startedPhase(catalog: Catalog, record: GateRecord) {
  const phaseId = catalog.gates[record.request.gate]?.startsPhase;
  return catalog.phases.find((p) => p.id === phaseId) ?? null;
}

/**
 * The next stage's start, for an approved gate whose catalog entry starts a phase. Written only by
 * the vote that decided, whose evidence was re-checked in the same call: no stage starts on stale data.
 */
export function stageStart(catalog: Catalog, record: GateRecord): OutboxEffect | null {
  const { request, decision } = record;
  const phase = startedPhase(catalog, record);
  if (decision?.decision !== 'approved' || !phase) return null;
  const key = `gate:${request.id}:stage-start`;
  // Its own stream: the pipeline's start must not wait behind a Slack outage.
  return outbox.publish(
    key,
    `${stream(request.id)}:stage`,
    stageStartEnvelope({
      messageKey: key,
      requestId: request.id,
      gate: request.gate,
      phase: phase.id,
      topic: phase.topic,
      range: request.range,
      approvedBy: decision.approvers,
      decidedAt: decision.decidedAt,
      evidenceFingerprint: decision.fingerprintAtDecision,
    }),
  );
}

/** The thread reply that announces a decision, and the stage it starts. */
export function decisionReply(catalog: Catalog, record: GateRecord): OutboxEffect | null {
  const { request, decision } = record;
  const said = decisionText(record);
  if (!decision || !said) return null;
  const phase = decision.decision === 'approved' ? startedPhase(catalog, record) : null;
  const message: Message = {
    summary: `Gate ${request.gate} (${request.rangeLabel}) ${decision.decision}`,
    tone: decision.decision === 'approved' ? 'good' : 'bad',
    blocks: [
      { kind: 'text', text: rich`Gate ${request.gate} (${request.rangeLabel}): ${said}` },
      {
        kind: 'context',
        text: `Decision recorded for request ${request.id} (evidence ${decision.fingerprintAtDecision}).${
          phase ? ` Phase ${phase.id} (${phase.name}) start queued for ${phase.topic}.` : ''
        }`,
      },
    ],
  };
  return outbox.reply(`gate:${request.id}:decision`, stream(request.id), {
    target: cardKey(request.id),
    message,
  });
}
