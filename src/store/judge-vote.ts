import type { GateDecision, GateRecord, GateVote, VoteInput, VoteOutcome } from './state-store.js';
import { StoreError } from './store-error.js';
import { stateOf, tallyVotes } from './tally-votes.js';

export interface VoteJudgement {
  outcome: VoteOutcome;
  /** What to insert, in the same atomic step as the reads; null when the vote is refused. */
  writes: { vote: GateVote; decision: GateDecision | null } | null;
}

/**
 * What a vote comes to, given the state an adapter read inside its atomic step: a re-delivered key or
 * a second vote by the same person is a duplicate, a decided request is closed, else the vote counts
 * and may decide. Pure, so both adapters apply the same rule in the same order.
 */
export function judgeVote(
  gate: GateRecord,
  prior: GateVote | null,
  vote: VoteInput,
  votedAt: string,
): VoteJudgement {
  if (prior) {
    if (prior.requestId !== vote.requestId || prior.voter !== vote.voter) {
      throw new StoreError(
        'BAD_INPUT',
        `Idempotency key ${vote.idempotencyKey} already belongs to ${prior.voter}'s vote on ${prior.requestId}`,
      );
    }
    return { outcome: { status: 'duplicate', vote: prior, gate }, writes: null };
  }
  const mine = gate.votes.find((v) => v.voter === vote.voter);
  if (mine) return { outcome: { status: 'duplicate', vote: mine, gate }, writes: null };
  if (gate.decision) return { outcome: { status: 'closed', decision: gate.decision, gate }, writes: null };
  const recorded: GateVote = { ...vote, votedAt };
  const votes = [...gate.votes, recorded];
  const decision = tallyVotes(votes, gate.request.requiredApprovals);
  return {
    outcome: {
      status: 'recorded',
      vote: recorded,
      gate: { ...gate, votes, decision, state: stateOf(decision) },
    },
    writes: { vote: recorded, decision },
  };
}
