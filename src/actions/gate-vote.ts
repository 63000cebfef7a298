import { runGate } from '../commands/gate.js';
import { decisionText } from '../commands/gate-decision-text.js';
import { BackfillError } from '../domain/errors.js';
import { compareEvidence } from '../domain/gates/compare-evidence.js';
import { gateRule } from '../domain/gates/gate-rule.js';
import { judgeVoteAttempt, type VoteRefusal } from '../domain/gates/vote-policy.js';
import { type Form, type Message, plainText, type Rich, rich, strong } from '../domain/message.js';
import type { GateRecord } from '../store/state-store.js';
import type { ActionPorts, Actor } from './action-ports.js';
import { decisionReply, postCard, stageStart, updateCard } from './gate-effects.js';
import { gateRequestId } from './gate-request.js';
import { approverIds, homeRefresh } from './home-effects.js';
import { memberGroups } from './member-groups.js';
import { approversText } from './who-may.js';

export interface GateVoteInput {
  requestId: string;
  vote: 'approve' | 'reject';
  /** From the reason form; null from a button. */
  reason: string | null;
  actor: Actor;
  /** The same for a re-delivery of the same click or submission. */
  key: string;
}

/**
 * What came of a vote; every outcome carries the private answer to the voter.
 * needs-reason: nothing recorded yet; the front opens `form` (it needs the click's live trigger).
 */
export type GateVoteResult =
  | { kind: 'needs-reason'; form: Form; answer: null }
  | { kind: 'refused'; refusal: VoteRefusal; answer: Message }
  | { kind: 'closed' | 'duplicate'; record: GateRecord; answer: Message }
  | { kind: 'recorded'; record: GateRecord; decided: boolean; answer: Message }
  | { kind: 'changed'; differences: string[]; next: string; answer: Message };

const say = (text: Rich, tone: Message['tone'] = 'neutral'): Message => ({
  summary: plainText(text),
  tone,
  blocks: [{ kind: 'text', text }],
});

const REFUSALS: Record<VoteRefusal, (record: GateRecord, ports: ActionPorts) => Rich> = {
  'not-approver': (record, ports) =>
    rich`You are not an approver for gate ${record.request.gate}; approvers: ${approversText(ports.catalog)}.`,
  'self-approval': () => 'You requested this gate: another approver must approve it.',
  'reason-required': () => 'A reason is needed to approve a gate over WARN or FAIL, and to reject one.',
};

function reasonForm(record: GateRecord, input: GateVoteInput): Form {
  const approve = input.vote === 'approve';
  const { request } = record;
  return {
    kind: 'gate.vote',
    title: approve ? 'Override and approve' : 'Reject gate',
    submitLabel: approve ? 'Approve' : 'Reject',
    intro: rich`Gate ${request.gate} · ${request.rangeLabel} is ${strong(request.verdict)}. Say why you ${
      approve ? 'approve it anyway' : 'reject it'
    }.`,
    fields: [{ id: 'reason', label: 'Reason', multiline: true, required: true }],
    payload: { requestId: request.id, vote: input.vote, channel: input.actor.channel },
  };
}

/**
 * Casts a vote on a gate request, on every path that can cast one (button, reason form, retry). The
 * policy is checked here, at the change: a forged or replayed payload meets the same rule as a click.
 * The gate is then computed again: if its evidence changed since the card was posted, the vote is not
 * taken; the old card says why and a new request with the current numbers gets a card. Otherwise the
 * vote, its audit entry and what it sends out (the card's update, the decision's thread reply, the
 * next stage's start) are written in one store transaction, for the relay to deliver.
 */
export async function castGateVote(input: GateVoteInput, ports: ActionPorts): Promise<GateVoteResult> {
  const record = await ports.store.getGate(input.requestId);
  if (!record) {
    throw new BackfillError(
      'NOT_FOUND',
      `There is no gate request ${input.requestId}`,
      'The card may predate a state store that was moved aside: request the gate again for a fresh card.',
    );
  }
  if (record.decision) return { kind: 'closed', record, answer: say(closedText(record)) };

  const reason = input.reason?.trim() || null;
  const attempt = {
    voter: input.actor.id,
    voterGroups: await memberGroups(input.actor.id, ports.catalog.approvals.usergroups, ports.directory),
    requestedBy: record.request.requestedBy,
    verdict: record.request.verdict,
    vote: input.vote,
    reason,
  };
  const verdict = judgeVoteAttempt(ports.catalog.approvals, attempt);
  if (!verdict.allowed) {
    // A button without a reason where one is needed is a question, not a refusal: ask in a form.
    if (verdict.refusal === 'reason-required' && input.reason === null) {
      return { kind: 'needs-reason', form: reasonForm(record, input), answer: null };
    }
    await ports.store.enqueue([], {
      actor: input.actor.id,
      action: 'gate.vote.refused',
      args: { requestId: input.requestId, vote: input.vote, key: input.key },
      result: { refusal: verdict.refusal },
    });
    return {
      kind: 'refused',
      refusal: verdict.refusal,
      answer: say(REFUSALS[verdict.refusal](record, ports), 'warn'),
    };
  }

  const { request } = record;
  const range = { ...request.range, label: request.rangeLabel };
  const fresh = (await runGate(gateRule(ports.catalog, request.gate), range, ports)).data;
  const comparison = compareEvidence(request.evidence, fresh.evidence);
  if (comparison.changed) {
    const note = `Evidence changed since this card was posted: ${comparison.differences.join('; ')}. A new card below has the current numbers: vote there.`;
    // The same old request and new evidence always name the same new request: two voters racing
    // on a stale card open one new card between them.
    const next = await ports.store.createGateRequest(
      {
        id: gateRequestId(`${request.id}:next:${fresh.fingerprint}`),
        gate: request.gate,
        range: request.range,
        rangeLabel: request.rangeLabel,
        requestedBy: request.requestedBy,
        requestedByHandle: request.requestedByHandle,
        channel: request.channel,
        verdict: fresh.gate.verdict,
        evidence: fresh.evidence,
        fingerprint: fresh.fingerprint,
        requiredApprovals: request.requiredApprovals,
      },
      (stored) => [
        updateCard(fresh, record, note),
        postCard(fresh, { request: stored, state: 'pending', votes: [], decision: null }),
      ],
    );
    return {
      kind: 'changed',
      differences: comparison.differences,
      next: next.request.id,
      answer: say(
        `The evidence changed since that card was posted (${comparison.differences.join('; ')}). Your vote was not taken: vote on the new card (request ${next.request.id}).`,
        'warn',
      ),
    };
  }

  // A decided gate leaves every approver's Home: read who they are before the vote's transaction.
  const approvers = await approverIds(ports);
  const outcome = await ports.store.recordVote(
    {
      requestId: request.id,
      voter: input.actor.id,
      voterHandle: input.actor.handle,
      vote: input.vote,
      reason,
      idempotencyKey: input.key,
      verdict: fresh.gate.verdict,
      fingerprint: fresh.fingerprint,
      evidence: fresh.evidence,
    },
    (judged) =>
      judged.status === 'recorded'
        ? [
            updateCard(fresh, judged.gate),
            ...[decisionReply(ports.catalog, judged.gate), stageStart(ports.catalog, judged.gate)].filter(
              (e) => e !== null,
            ),
            ...(judged.gate.state === 'pending'
              ? homeRefresh(input.actor.id, `gate:${request.id}:voted`)
              : approvers.flatMap((a) => homeRefresh(a, `gate:${request.id}:decided`))),
          ]
        : [],
  );
  if (outcome.status === 'closed')
    return { kind: 'closed', record: outcome.gate, answer: say(closedText(outcome.gate)) };
  if (outcome.status === 'duplicate')
    return {
      kind: 'duplicate',
      record: outcome.gate,
      answer: say('Your vote on this gate is already recorded.'),
    };
  const decided = outcome.gate.decision !== null;
  const { votes, request: r } = outcome.gate;
  const approvals = votes.filter((v) => v.vote === 'approve').length;
  return {
    kind: 'recorded',
    record: outcome.gate,
    decided,
    answer: say(
      decided
        ? `Recorded: gate ${r.gate} ${outcome.gate.state}.`
        : `Recorded: ${approvals} of ${r.requiredApprovals} approvals; waiting for another approver.`,
      'good',
    ),
  };
}

function closedText(record: GateRecord): Rich {
  const said = decisionText(record);
  return said ? rich`Already decided: ${said}` : 'Already decided.';
}
