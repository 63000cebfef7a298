import { describe, expect, it } from 'vitest';
import {
  type Approvals,
  isApprover,
  judgeVoteAttempt,
  requiredApprovals,
  type VoteAttempt,
} from '../../../src/domain/gates/vote-policy.js';

const approvals: Approvals = {
  users: ['U0DIRECT'],
  usergroups: ['S0LEADS'],
  allowSelfApproval: false,
  twoApproverGates: ['3'],
};
const lead = (over: Partial<VoteAttempt> = {}): VoteAttempt => ({
  voter: 'U0LEAD1',
  voterGroups: ['S0LEADS'],
  requestedBy: 'U0OPS',
  verdict: 'PASS',
  vote: 'approve',
  reason: null,
  ...over,
});

describe('who may vote on a gate', () => {
  it('lets a member of an approval group approve a PASS without a reason', () => {
    expect(judgeVoteAttempt(approvals, lead())).toEqual({ allowed: true });
  });

  it('lets an approver listed by id vote, whatever their groups', () => {
    expect(judgeVoteAttempt(approvals, lead({ voter: 'U0DIRECT', voterGroups: [] }))).toEqual({
      allowed: true,
    });
  });

  it('refuses someone in no approval group, whatever they vote and whatever reason they give', () => {
    for (const vote of ['approve', 'reject'] as const) {
      expect(
        judgeVoteAttempt(
          approvals,
          lead({ voter: 'U0RANDO', voterGroups: ['S0OTHER'], vote, reason: 'please' }),
        ),
      ).toEqual({ allowed: false, refusal: 'not-approver' });
    }
  });

  it('refuses the requester approving their own gate, even with a reason, even as an approver', () => {
    const self = lead({ voter: 'U0LEAD1', requestedBy: 'U0LEAD1', verdict: 'FAIL', reason: 'trust me' });
    expect(judgeVoteAttempt(approvals, self)).toEqual({ allowed: false, refusal: 'self-approval' });
  });

  it('lets the requester reject their own gate (with a reason): withdrawing is not approving', () => {
    const self = lead({ voter: 'U0LEAD1', requestedBy: 'U0LEAD1', vote: 'reject', reason: 'wrong range' });
    expect(judgeVoteAttempt(approvals, self)).toEqual({ allowed: true });
  });

  it('allows self-approval where the catalog says so', () => {
    const self = lead({ voter: 'U0LEAD1', requestedBy: 'U0LEAD1' });
    expect(judgeVoteAttempt({ ...approvals, allowSelfApproval: true }, self)).toEqual({ allowed: true });
  });

  it('needs a reason to approve over WARN or FAIL, and to reject anything', () => {
    for (const [verdict, vote] of [
      ['WARN', 'approve'],
      ['FAIL', 'approve'],
      ['PASS', 'reject'],
      ['FAIL', 'reject'],
    ] as const) {
      expect(judgeVoteAttempt(approvals, lead({ verdict, vote, reason: null }))).toEqual({
        allowed: false,
        refusal: 'reason-required',
      });
      expect(judgeVoteAttempt(approvals, lead({ verdict, vote, reason: '   ' }))).toEqual({
        allowed: false,
        refusal: 'reason-required',
      });
      expect(judgeVoteAttempt(approvals, lead({ verdict, vote, reason: 'Phase 3 rerun is queued' }))).toEqual(
        {
          allowed: true,
        },
      );
    }
  });

  it('asks two distinct approvals for the catalog’s two-approver gates and one elsewhere', () => {
    expect(requiredApprovals(approvals, '3')).toBe(2);
    expect(requiredApprovals(approvals, '1')).toBe(1);
  });

  it('knows nobody as an approver when the catalog lists nobody', () => {
    expect(isApprover({ ...approvals, users: [], usergroups: [] }, 'U0LEAD1', ['S0LEADS'])).toBe(false);
  });
});
