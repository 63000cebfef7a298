import type { GateDecision, GateState, GateVote } from './state-store.js';

function decisionOf(vote: GateVote, decision: GateDecision['decision'], approvers: string[]): GateDecision {
  return {
    requestId: vote.requestId,
    decision,
    decidedBy: vote.voter,
    approvers: [...approvers],
    decidedAt: vote.votedAt,
    reason: vote.reason,
    verdictAtDecision: vote.verdict,
    fingerprintAtDecision: vote.fingerprint,
    evidenceAtDecision: vote.evidence,
  };
}

/**
 * The decision votes in recorded order come to, or null while pending: the first rejection, or the
 * vote that brings distinct approvers to `requiredApprovals`. Adapters call it inside their atomic
 * step, so the rule lives once and both stores decide alike.
 */
export function tallyVotes(votes: GateVote[], requiredApprovals: number): GateDecision | null {
  const approvers: string[] = [];
  for (const vote of votes) {
    if (vote.vote === 'reject') return decisionOf(vote, 'rejected', approvers);
    if (!approvers.includes(vote.voter)) approvers.push(vote.voter);
    if (approvers.length >= requiredApprovals) return decisionOf(vote, 'approved', approvers);
  }
  return null;
}

export const stateOf = (decision: GateDecision | null): GateState => decision?.decision ?? 'pending';
