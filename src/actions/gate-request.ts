import { createHash } from 'node:crypto';
import { runGate } from '../commands/gate.js';
import type { GateRule } from '../domain/gates/gate-rule.js';
import { requiredApprovals } from '../domain/gates/vote-policy.js';
import type { Message } from '../domain/message.js';
import type { NamedRange } from '../domain/range-parser.js';
import type { GateRecord } from '../store/state-store.js';
import type { ActionPorts, Actor } from './action-ports.js';
import { postCard } from './gate-effects.js';
import { approverIds, homeRefresh } from './home-effects.js';

export interface GateRequestInput {
  rule: GateRule;
  range: NamedRange;
  actor: Actor;
  /** The same for a re-delivery of the same request (Slack: the command's trigger_id). */
  key: string;
}

export interface GateRequestResult {
  /** False when `key` had already made this request (a retry): nothing new was written. */
  created: boolean;
  record: GateRecord;
  /** The private answer to the requester. */
  answer: Message;
}

/** A request id that follows from its key: a command re-delivered after a restart finds its request. */
export const gateRequestId = (key: string): string =>
  `g_${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;

/**
 * Requests a gate decision: computes the gate, then records the request, its audit entry and the
 * card's post (to the actor's channel) in one store transaction; the relay posts the card. A channel
 * the bot cannot post in is refused before anything is recorded.
 */
export async function requestGateDecision(
  input: GateRequestInput,
  ports: ActionPorts,
): Promise<GateRequestResult> {
  const { rule, range, actor } = input;
  await ports.chat.checkCanPost(actor.channel);
  const { data } = await runGate(rule, range, ports);
  const approvers = (await approverIds(ports)).filter((a) => a !== actor.id);
  const { created, request } = await ports.store.createGateRequest(
    {
      id: gateRequestId(input.key),
      gate: rule.id,
      range: { start: range.start, end: range.end },
      rangeLabel: range.label,
      requestedBy: actor.id,
      requestedByHandle: actor.handle,
      channel: actor.channel,
      verdict: data.gate.verdict,
      evidence: data.evidence,
      fingerprint: data.fingerprint,
      requiredApprovals: requiredApprovals(ports.catalog.approvals, rule.id),
    },
    (stored) => [
      postCard(data, { request: stored, state: 'pending', votes: [], decision: null }),
      // It now waits for them: their Home lists it with its buttons.
      ...approvers.flatMap((a) => homeRefresh(a, `gate:${stored.id}`)),
    ],
  );
  const record = (await ports.store.getGate(request.id)) ?? {
    request,
    state: 'pending',
    votes: [],
    decision: null,
  };
  // Worded unlike the card's header, so nobody mistakes the private note for the card.
  const what = `gate ${request.gate} card for ${request.rangeLabel} (${data.gate.verdict})`;
  const answer: Message = {
    summary: created ? `Posting the ${what}` : `The ${what} was already requested`,
    tone: 'neutral',
    blocks: [
      {
        kind: 'text',
        text: created
          ? `Posting the ${what} in this channel (request ${request.id}); approvers vote on it there.`
          : `This request was already made (request ${request.id}); its card is in this channel.`,
      },
    ],
  };
  return { created, record, answer };
}
