import { describe, expect, it } from 'vitest';
import { judgeRerunAttempt, type RerunAttempt } from '../../../src/domain/reruns/rerun-policy.js';
import { catalog } from '../../support/ports.js';

// The demo catalog: operators are S0OPS (U0OPS), approvers S0LEADS (U0LEAD1, U0LEAD2).
const ops = { actor: 'U0OPS', actorGroups: ['S0OPS'] };
const lead = { actor: 'U0LEAD1', actorGroups: ['S0LEADS'] };
const rando = { actor: 'U0RANDO', actorGroups: [] };
const attempt = (
  over: Partial<RerunAttempt> & Pick<RerunAttempt, 'act' | 'actor' | 'actorGroups'>,
): RerunAttempt => ({
  requestedBy: 'U0OPS',
  override: false,
  reason: null,
  ...over,
});
const judge = (a: Partial<RerunAttempt> & Pick<RerunAttempt, 'act' | 'actor' | 'actorGroups'>) =>
  judgeRerunAttempt(catalog, attempt(a));

describe('who may re-run', () => {
  it('lets operators and approvers plan, and tells everyone else no', () => {
    expect(judge({ act: 'plan', ...ops })).toEqual({ allowed: true });
    expect(judge({ act: 'plan', ...lead })).toEqual({ allowed: true });
    expect(judge({ act: 'plan', ...rando })).toEqual({ allowed: false, refusal: 'not-operator' });
  });

  it('lets only the requester confirm their plan, and no stranger whatever the payload says', () => {
    expect(judge({ act: 'confirm', ...ops })).toEqual({ allowed: true });
    expect(judge({ act: 'confirm', ...lead })).toEqual({ allowed: false, refusal: 'not-requester' });
    expect(judge({ act: 'confirm', ...rando, requestedBy: 'U0RANDO' })).toEqual({
      allowed: false,
      refusal: 'not-operator',
    });
  });

  it('leaves an override of missing upstream data to an approver, with a reason', () => {
    expect(judge({ act: 'plan', ...ops, override: true })).toEqual({
      allowed: false,
      refusal: 'override-needs-approver',
    });
    const own = { ...lead, requestedBy: 'U0LEAD1', override: true };
    expect(judge({ act: 'plan', ...own })).toEqual({ allowed: true });
    expect(judge({ act: 'confirm', ...own })).toEqual({ allowed: false, refusal: 'reason-required' });
    expect(judge({ act: 'confirm', ...own, reason: 'Phase 3 is re-running in the same window' })).toEqual({
      allowed: true,
    });
  });

  it('has a large plan approved by an approver other than its requester', () => {
    expect(judge({ act: 'approve', ...lead })).toEqual({ allowed: true });
    expect(judge({ act: 'approve', ...ops })).toEqual({ allowed: false, refusal: 'not-approver' });
    expect(judge({ act: 'approve', ...lead, requestedBy: 'U0LEAD1' })).toEqual({
      allowed: false,
      refusal: 'self-approval',
    });
  });

  it('lets the requester or an approver cancel, and no other operator', () => {
    expect(judge({ act: 'cancel', ...ops })).toEqual({ allowed: true });
    expect(judge({ act: 'cancel', ...lead })).toEqual({ allowed: true });
    expect(judge({ act: 'cancel', actor: 'U0OPS2', actorGroups: ['S0OPS'] })).toEqual({
      allowed: false,
      refusal: 'not-requester',
    });
  });

  it('treats the CLI, which holds the bot’s own credentials, as an operator and never as an approver', () => {
    const cli = { actor: 'cli:ana', actorGroups: [], requestedBy: 'cli:ana' };
    expect(judge({ act: 'plan', ...cli })).toEqual({ allowed: true });
    expect(judge({ act: 'confirm', ...cli })).toEqual({ allowed: true });
    expect(judge({ act: 'plan', ...cli, override: true })).toEqual({
      allowed: false,
      refusal: 'override-needs-approver',
    });
    expect(judge({ act: 'approve', ...cli, requestedBy: 'U0OPS' })).toEqual({
      allowed: false,
      refusal: 'not-approver',
    });
  });
});
