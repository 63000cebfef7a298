import type { Catalog } from '../../config/catalog-schema.js';
import type { GateVerdict } from './gate-check.js';

export type Approvals = Catalog['approvals'];

/** What the policy needs to know about a vote: who, on what, and what they gave. */
export interface VoteAttempt {
  voter: string;
  /** The approval groups (catalog `approvals.usergroups`) the voter is a member of. */
  voterGroups: readonly string[];
  requestedBy: string;
  verdict: GateVerdict;
  vote: 'approve' | 'reject';
  /** Trimmed; null or empty when none was given. */
  reason: string | null;
}

export type VoteRefusal =
  /** Not a catalog approver, directly or through a user group. */
  | 'not-approver'
  /** The requester approving their own gate, where the catalog does not allow it. */
  | 'self-approval'
  /** Overriding a WARN or FAIL, and any rejection, needs a reason. */
  | 'reason-required';

export type VoteVerdict = { allowed: true } | { allowed: false; refusal: VoteRefusal };

/** Is the voter an approver: listed by id, or a member of a listed group. */
export const isApprover = (approvals: Approvals, voter: string, voterGroups: readonly string[]): boolean =>
  approvals.users.includes(voter) || voterGroups.some((g) => approvals.usergroups.includes(g));

/** A reason is asked for when approving anything but a PASS, and for every rejection. */
export const reasonRequired = (vote: VoteAttempt['vote'], verdict: GateVerdict): boolean =>
  vote === 'reject' || verdict !== 'PASS';

/**
 * Who may cast this vote, for every path that can cast one (button, form, retry): approvers only,
 * never the requester approving their own gate unless the catalog allows it, and a reason where one
 * is required. Two distinct approvers for two-approver gates follow from one vote per person, which
 * the store guarantees; `requiredApprovals` says how many.
 */
export function judgeVoteAttempt(approvals: Approvals, attempt: VoteAttempt): VoteVerdict {
  if (!isApprover(approvals, attempt.voter, attempt.voterGroups)) return refuse('not-approver');
  if (attempt.vote === 'approve' && attempt.voter === attempt.requestedBy && !approvals.allowSelfApproval)
    return refuse('self-approval');
  if (reasonRequired(attempt.vote, attempt.verdict) && !attempt.reason?.trim())
    return refuse('reason-required');
  return { allowed: true };
}

/** Distinct approvals that decide a gate: two for the catalog's two-approver gates, else one. */
export const requiredApprovals = (approvals: Approvals, gate: string): number =>
  approvals.twoApproverGates.includes(gate) ? 2 : 1;

const refuse = (refusal: VoteRefusal): VoteVerdict => ({ allowed: false, refusal });
