import { createHash } from 'node:crypto';
import type { App } from '@slack/bolt';
import type { CommandPorts } from '../../commands/command-context.js';
import { type GateData, type GateWords, gateCommand, runGate } from '../../commands/gate.js';
import { BadInputError } from '../../domain/errors.js';
import { compareEvidence } from '../../domain/gates/compare-evidence.js';
import { gateRule } from '../../domain/gates/gate-rule.js';
import type { Queue } from '../../queue/queue.js';
import type { GateRecord, StateStore } from '../../store/state-store.js';
import { renderBlockKit } from '../render/block-kit.js';
import { gateCardMessage } from './gate-card.js';

type WebClient = App['client'];

export interface GateFlowDeps {
  ports: CommandPorts;
  store: StateStore;
  client: WebClient;
  /** Where an approval starts the next stage; without one, approvals are recorded only. */
  queue?: Queue;
}

/**
 * An approved gate whose catalog entry starts a phase publishes that stage's start, carrying the
 * decision id. It runs only right after the decision, whose evidence was re-checked in the same call:
 * no stage starts on stale data. Audited either way.
 */
async function startNextStage(deps: GateFlowDeps, record: GateRecord): Promise<string | null> {
  const { request, decision } = record;
  const phaseId = deps.ports.catalog.gates[request.gate]?.startsPhase;
  const phase = deps.ports.catalog.phases.find((p) => p.id === phaseId);
  if (!deps.queue || !decision || decision.decision !== 'approved' || !phase) return null;
  const published = await deps.queue.publish({
    topic: phase.topic,
    data: {
      kind: 'backfill.stage.start',
      phase: phase.id,
      range: request.range,
      gate: request.gate,
      decisionId: request.id,
      approvedBy: decision.approvers,
      fingerprint: decision.fingerprintAtDecision,
    },
    attributes: { decision_id: request.id, gate: request.gate, phase: String(phase.id) },
  });
  await deps.store.audit({
    actor: decision.decidedBy,
    action: 'stage.start',
    args: { topic: phase.topic, decisionId: request.id, phase: phase.id },
    result: { messageId: published.messageId },
  });
  return `Phase ${phase.id} (${phase.name}) start published to ${phase.topic} (message ${published.messageId}).`;
}

/** Posts (or re-posts, superseding) the card of a request in its channel and remembers where it is. */
async function postCard(
  deps: GateFlowDeps,
  data: GateData,
  record: GateRecord,
  channel: string,
): Promise<GateRecord> {
  const { text, blocks } = renderBlockKit(gateCardMessage(data, record), {
    command: `gate ${record.request.gate}`,
  });
  const posted = await deps.client.chat.postMessage({ channel, text, blocks });
  return deps.store.attachMessage(record.request.id, channel, posted.ts ?? '');
}

async function updateCard(
  deps: GateFlowDeps,
  data: GateData,
  record: GateRecord,
  note?: string,
): Promise<void> {
  const { channel, messageTs } = record.request;
  if (!channel || !messageTs) return;
  const message = gateCardMessage(data, record, note);
  const { text, blocks } = renderBlockKit(
    note ? { ...message, blocks: message.blocks.filter((b) => b.kind !== 'actions') } : message,
    {
      command: `gate ${record.request.gate}`,
    },
  );
  await deps.client.chat.update({ channel, ts: messageTs, text, blocks });
}

/** Draws a request's card from what the store holds (after a restart lost an update, or on a late click). */
export async function redrawCard(deps: GateFlowDeps, record: GateRecord): Promise<void> {
  await updateCard(deps, await recomputeGate(record, deps.ports), record);
}

/** `/backfill gate N [range]` in Slack: computes the gate, records the request and posts its card in the channel. */
export async function requestGate(
  words: string[],
  requestedBy: string,
  channel: string,
  deps: GateFlowDeps,
  triggerId?: string,
): Promise<GateRecord> {
  const parsed = gateCommand.parse(words.slice(1), deps.ports) as GateWords;
  if (parsed.kind !== 'verdict')
    throw new BadInputError('a gate request needs a gate number and a range', 'Example: gate 1 2021-22');
  const { rule, range } = parsed;
  const { data } = await runGate(rule, range, deps.ports);
  // The id follows from Slack's trigger_id: a command re-delivered after a restart finds its request.
  const id = triggerId ? `g_${createHash('sha256').update(triggerId).digest('hex').slice(0, 12)}` : undefined;
  const { created, request } = await deps.store.createGateRequest({
    ...(id ? { id } : {}),
    gate: rule.id,
    range: { start: range.start, end: range.end },
    rangeLabel: range.label,
    requestedBy,
    verdict: data.gate.verdict,
    evidence: data.evidence,
    fingerprint: data.fingerprint,
    requiredApprovals: deps.ports.catalog.approvals.twoApproverGates.includes(rule.id) ? 2 : 1,
  });
  if (!created)
    return (await deps.store.getGate(request.id)) ?? { request, state: 'pending', votes: [], decision: null };
  return postCard(deps, data, { request, state: 'pending', votes: [], decision: null }, channel);
}

/** The gate as it stands now, over the request's range: what a vote is checked against. */
export async function recomputeGate(record: GateRecord, ports: CommandPorts): Promise<GateData> {
  const { request } = record;
  const range = { ...request.range, label: request.rangeLabel };
  return (await runGate(gateRule(ports.catalog, request.gate), range, ports)).data;
}

export type VoteResult =
  | { kind: 'recorded' | 'duplicate'; record: GateRecord }
  | { kind: 'closed'; record: GateRecord }
  | { kind: 'changed'; differences: string[]; superseded: GateRecord; next: GateRecord };

/**
 * Casts a vote. The gate is recomputed first: if the evidence changed since the card was posted, the
 * vote is not taken; the old card says why and a new card with the current numbers takes its place.
 */
export async function castVote(
  input: {
    requestId: string;
    voter: string;
    vote: 'approve' | 'reject';
    reason: string | null;
    idempotencyKey: string;
  },
  deps: GateFlowDeps,
): Promise<VoteResult> {
  const record = await deps.store.getGate(input.requestId);
  if (!record) throw new Error(`gate request ${input.requestId} not found`);
  if (record.decision) {
    await redrawCard(deps, record);
    return { kind: 'closed', record };
  }
  const fresh = await recomputeGate(record, deps.ports);
  const comparison = compareEvidence(record.request.evidence, fresh.evidence);
  if (comparison.changed) {
    const note = `Evidence changed since this card was posted: ${comparison.differences.join('; ')}. A new card below has the current numbers: vote there.`;
    await updateCard(deps, fresh, record, note);
    const { request } = await deps.store.createGateRequest({
      ...record.request,
      id: undefined,
      verdict: fresh.gate.verdict,
      evidence: fresh.evidence,
      fingerprint: fresh.fingerprint,
      requestedBy: record.request.requestedBy,
    });
    const next = await postCard(
      deps,
      fresh,
      { request, state: 'pending', votes: [], decision: null },
      record.request.channel ?? '',
    );
    return { kind: 'changed', differences: comparison.differences, superseded: record, next };
  }
  const outcome = await deps.store.recordVote({
    ...input,
    verdict: fresh.gate.verdict,
    fingerprint: fresh.fingerprint,
    evidence: fresh.evidence,
  });
  if (outcome.status === 'closed') return { kind: 'closed', record: outcome.gate };
  // A duplicate is a re-delivery or a re-click, maybe after a restart that lost the card update:
  // drawing the card from the stored state again makes it right either way.
  await updateCard(deps, fresh, outcome.gate);
  if (outcome.status === 'recorded') {
    const { decision, request } = outcome.gate;
    const started = await startNextStage(deps, outcome.gate);
    if (decision && request.channel && request.messageTs) {
      const verb = decision.decision === 'approved' ? 'approved' : 'rejected';
      await deps.client.chat.postMessage({
        channel: request.channel,
        thread_ts: request.messageTs,
        text: `Gate ${request.gate} (${request.rangeLabel}) ${verb} by <@${decision.decidedBy}>${decision.reason ? `: “${decision.reason}”` : ''} — decision recorded for request ${request.id} (evidence ${decision.fingerprintAtDecision}).${started ? ` ${started}` : ''}`,
      });
    }
  }
  return { kind: outcome.status, record: outcome.gate };
}
