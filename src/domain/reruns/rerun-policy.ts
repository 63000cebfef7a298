import type { Catalog } from '../../config/catalog-schema.js';
import { isApprover } from '../gates/vote-policy.js';

/** What a person does to a re-run request. */
export type RerunAct =
  /** Ask for a plan (and so a request that can be confirmed). */
  | 'plan'
  /** Confirm their own plan: it is published (or, over the limit, sent to an approver). */
  | 'confirm'
  /** Withdraw a plan not yet published. */
  | 'cancel'
  /** Approve a plan over the size limit that someone else confirmed. */
  | 'approve';

export interface RerunAttempt {
  act: RerunAct;
  actor: string;
  /** The catalog groups (operators' and approvers') the actor is a member of. */
  actorGroups: readonly string[];
  /** The request's requester (absent when planning). */
  requestedBy?: string;
  /** The plan goes ahead over missing upstream data. */
  override: boolean;
  /** Trimmed; null or empty when none was given. */
  reason: string | null;
}

export type RerunRefusal =
  /** Neither an operator nor an approver. */
  | 'not-operator'
  /** Only the requester confirms a plan: it was shown to them alone. */
  | 'not-requester'
  /** Going ahead over missing upstream data is an approver's call. */
  | 'override-needs-approver'
  /** An override needs a reason (asked in a form). */
  | 'reason-required'
  /** Approving a large plan is for an approver other than its requester. */
  | 'not-approver'
  | 'self-approval';

export type RerunVerdict = { allowed: true } | { allowed: false; refusal: RerunRefusal };

/**
 * The CLI acts as `cli:<os user>` with the bot's own store and queue credentials: holding those is
 * what makes its user an operator. It is never an approver (Slack says who approvers are).
 */
export const isCliActor = (actor: string): boolean => actor.startsWith('cli:');

/** Operators and approvers may re-run: by id, or through a user group, or from the CLI. */
export const isOperator = (catalog: Catalog, actor: string, groups: readonly string[]): boolean =>
  isCliActor(actor) ||
  catalog.operators.users.includes(actor) ||
  groups.some((g) => catalog.operators.usergroups.includes(g)) ||
  isApprover(catalog.approvals, actor, groups);

/** The user groups whose members the rule needs to know: operators' and approvers'. */
export const rerunGroups = (catalog: Catalog): string[] => [
  ...new Set([...catalog.operators.usergroups, ...catalog.approvals.usergroups]),
];

/**
 * Who may do what with a re-run, applied on every path (typed words, Confirm, the override form, a
 * forged or replayed payload): operators and approvers plan; only the requester confirms their plan;
 * an override of missing upstream data is an approver's, with a reason; a plan over the size limit
 * is approved by an approver other than its requester (unless the catalog allows self-approval);
 * the requester or an approver cancels.
 */
export function judgeRerunAttempt(catalog: Catalog, attempt: RerunAttempt): RerunVerdict {
  const { act, actor, actorGroups } = attempt;
  const approver = isApprover(catalog.approvals, actor, actorGroups);
  if (!isOperator(catalog, actor, actorGroups)) return refuse('not-operator');
  if (act === 'approve') {
    if (!approver) return refuse('not-approver');
    if (actor === attempt.requestedBy && !catalog.approvals.allowSelfApproval) return refuse('self-approval');
    return { allowed: true };
  }
  if (act === 'cancel')
    return actor === attempt.requestedBy || approver ? { allowed: true } : refuse('not-requester');
  if (act === 'confirm' && actor !== attempt.requestedBy) return refuse('not-requester');
  if (attempt.override && act !== 'plan') {
    if (!approver) return refuse('override-needs-approver');
    if (!attempt.reason?.trim()) return refuse('reason-required');
  }
  if (attempt.override && act === 'plan' && !approver) return refuse('override-needs-approver');
  return { allowed: true };
}

const refuse = (refusal: RerunRefusal): RerunVerdict => ({ allowed: false, refusal });
