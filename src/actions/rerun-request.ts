import { createHash } from 'node:crypto';
import { planFromWarehouse } from '../commands/rerun-facts.js';
import { rerunPlanMessage } from '../commands/rerun-plan-message.js';
import type { RerunWords } from '../commands/rerun-words.js';
import { type Message, type Rich, rich } from '../domain/message.js';
import { judgeRerunAttempt, type RerunRefusal, rerunGroups } from '../domain/reruns/rerun-policy.js';
import type { RerunRequest } from '../store/state-store.js';
import type { ActionPorts, Actor } from './action-ports.js';
import { memberGroups } from './member-groups.js';
import { approversText, operatorsText } from './who-may.js';

export interface RerunRequestResult {
  /** Null when nothing was stored: refused, nothing to run, or missing upstream without override. */
  request: RerunRequest | null;
  answer: Message;
}

/** A request id that follows from its key: a command re-delivered after a restart finds its request. */
export const rerunRequestId = (key: string): string =>
  `r_${createHash('sha256').update(`rerun:${key}`).digest('hex').slice(0, 12)}`;

export const RERUN_REFUSALS: Record<RerunRefusal, (ports: ActionPorts) => Rich> = {
  'not-operator': (ports) => rich`Only operators and approvers re-run: ${operatorsText(ports.catalog)}.`,
  'not-requester': () => 'Only the person who asked for this plan can confirm it.',
  'override-needs-approver': (ports) =>
    rich`Going ahead over missing upstream data (--override) is for approvers: ${approversText(ports.catalog)}.`,
  'reason-required': () => 'An override needs a reason.',
  'not-approver': (ports) =>
    rich`Approving a large re-run is for approvers: ${approversText(ports.catalog)}.`,
  'self-approval': () => 'You asked for this re-run: another approver must approve it.',
};

export const sayRefusal = (refusal: RerunRefusal, ports: ActionPorts): Message => {
  const text = RERUN_REFUSALS[refusal](ports);
  return { summary: 'Re-run refused', tone: 'warn', blocks: [{ kind: 'text', text }] };
};

/**
 * `rerun ...` typed by a person: who may is checked first; then the plan is built from the warehouse
 * and, if it can go ahead, stored as a request the requester confirms (the plan shown is exactly the
 * plan that will be published). A refused plan (missing upstream, no override) is shown and not stored.
 */
export async function requestRerun(
  input: { words: Extract<RerunWords, { kind: 'plan' }>; actor: Actor; key: string },
  ports: ActionPorts,
): Promise<RerunRequestResult> {
  const { words, actor } = input;
  const actorGroups = await memberGroups(actor.id, rerunGroups(ports.catalog), ports.directory);
  const verdict = judgeRerunAttempt(ports.catalog, {
    act: 'plan',
    actor: actor.id,
    actorGroups,
    override: words.flags.override,
    reason: null,
  });
  if (!verdict.allowed) {
    await ports.store.enqueue([], {
      actor: actor.id,
      action: 'rerun.refused',
      args: { words: words.text, key: input.key },
      result: { refusal: verdict.refusal },
    });
    return { request: null, answer: sayRefusal(verdict.refusal, ports) };
  }
  const planned = await planFromWarehouse(words, ports);
  if (planned.plan.refused || planned.plan.processorDates === 0) {
    return { request: null, answer: rerunPlanMessage(ports.catalog, planned, words.text) };
  }
  const { request } = await ports.store.createRerunRequest({
    id: rerunRequestId(input.key),
    requestedBy: actor.id,
    requestedByHandle: actor.handle,
    channel: actor.channel,
    words: words.text,
    plan: planned.plan,
  });
  const answer = rerunPlanMessage(ports.catalog, planned, words.text, {
    requestId: request.id,
    actions: [
      {
        label: 'Confirm',
        style: 'primary',
        intent: { kind: 'rerun', requestId: request.id, act: 'confirm' },
      },
      { label: 'Cancel', intent: { kind: 'rerun', requestId: request.id, act: 'cancel' } },
    ],
  });
  return { request, answer };
}
