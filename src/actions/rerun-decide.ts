import { rerunPlanMessage } from '../commands/rerun-plan-message.js';
import { viewOf } from '../commands/rerun-view.js';
import { BackfillError } from '../domain/errors.js';
import { type Form, type Message, plural, rich, strong, user } from '../domain/message.js';
import { judgeRerunAttempt, rerunGroups } from '../domain/reruns/rerun-policy.js';
import type { RerunChange, RerunRequest } from '../store/state-store.js';
import type { ActionPorts, Actor } from './action-ports.js';
import { withRequesterHome } from './home-effects.js';
import { memberGroups } from './member-groups.js';
import { approvalCard, startEffects } from './rerun-effects.js';
import { sayRefusal } from './rerun-request.js';

export interface RerunDecisionInput {
  requestId: string;
  act: 'confirm' | 'cancel' | 'approve';
  /** From the override form; null from a button. */
  reason: string | null;
  actor: Actor;
  /** The same for a re-delivery of the same click or submission. */
  key: string;
}

export type RerunDecisionResult =
  | { kind: 'needs-reason'; form: Form; answer: null }
  | { kind: 'refused' | 'unchanged' | 'done'; request: RerunRequest | null; answer: Message };

const plain = (text: string, tone: Message['tone'] = 'neutral'): Message => ({
  summary: text,
  tone,
  blocks: [{ kind: 'text', text }],
});

const STATE_WORDS: Record<RerunRequest['state'], string> = {
  planned: 'not confirmed yet',
  'awaiting-approval': 'waiting for an approver',
  confirmed: 'already confirmed and running',
  cancelled: 'cancelled',
  done: 'done',
};

function overrideForm(request: RerunRequest, channel: string): Form {
  const missing = request.plan.missingUpstream
    .map((m) => `${m.table} (${plural(m.dates.length, 'date')})`)
    .join(', ');
  return {
    kind: 'rerun.confirm',
    title: 'Re-run over missing data',
    submitLabel: 'Confirm',
    intro: rich`This re-run goes ahead although upstream data is missing: ${strong(missing)}. Say why.`,
    fields: [{ id: 'reason', label: 'Reason', multiline: true, required: true }],
    payload: { requestId: request.id, channel },
  };
}

/** The transition an act makes from a state, or null when it makes none from there. */
function transition(request: RerunRequest, act: RerunDecisionInput['act']): RerunRequest['state'] | null {
  if (act === 'cancel')
    return request.state === 'planned' || request.state === 'awaiting-approval' ? 'cancelled' : null;
  if (act === 'approve') return request.state === 'awaiting-approval' ? 'confirmed' : null;
  if (request.state !== 'planned') return null;
  return request.plan.needsApproval ? 'awaiting-approval' : 'confirmed';
}

/**
 * Confirms, cancels or approves a re-run request, on every path (button, override form, a forged or
 * replayed payload): the policy is applied here, then one compare-and-set moves the request and writes
 * what it sends out. A second Confirm, a double click, a Slack retry or a second replica find the
 * request moved on and publish nothing more.
 */
export async function decideRerun(
  input: RerunDecisionInput,
  ports: ActionPorts,
): Promise<RerunDecisionResult> {
  const request = await ports.store.getRerun(input.requestId);
  if (!request) {
    throw new BackfillError(
      'NOT_FOUND',
      `There is no re-run request ${input.requestId}`,
      'Ask for the plan again: rerun failed [range] [target].',
    );
  }
  const { actor } = input;
  const reason = input.reason?.trim() || null;
  const override = request.plan.missingUpstream.length > 0;
  const actorGroups = await memberGroups(actor.id, rerunGroups(ports.catalog), ports.directory);
  const verdict = judgeRerunAttempt(ports.catalog, {
    act: input.act,
    actor: actor.id,
    actorGroups,
    requestedBy: request.requestedBy,
    override: override && input.act === 'confirm',
    reason,
  });
  if (!verdict.allowed) {
    if (verdict.refusal === 'reason-required' && input.reason === null) {
      return { kind: 'needs-reason', form: overrideForm(request, actor.channel), answer: null };
    }
    await ports.store.enqueue([], {
      actor: actor.id,
      action: 'rerun.refused',
      args: { requestId: request.id, act: input.act, key: input.key },
      result: { refusal: verdict.refusal },
    });
    return { kind: 'refused', request, answer: sayRefusal(verdict.refusal, ports) };
  }
  const next = transition(request, input.act);
  if (!next)
    return {
      kind: 'unchanged',
      request,
      answer: plain(`Re-run ${request.id} is ${STATE_WORDS[request.state]}.`),
    };

  const now = ports.clock.now().toISOString();
  const starts = next === 'confirmed';
  const change: RerunChange = {
    version: request.version,
    state: next,
    fields: {
      ...(input.act === 'confirm' ? { confirmedBy: actor.id } : {}),
      ...(input.act === 'confirm' && override && reason ? { override: { by: actor.id, reason } } : {}),
      ...(input.act === 'approve' ? { approvedBy: actor.id } : {}),
      ...(starts ? { confirmedAt: now, releasedSteps: 1 } : {}),
    },
  };
  const planMessage = rerunPlanMessage(
    ports.catalog,
    { plan: request.plan, expectedFailures: [] },
    request.words,
    { requestId: request.id },
  );
  const { changed, request: after } = await ports.store.updateRerun(
    request.id,
    change,
    {
      actor: actor.id,
      action: `rerun.${input.act}`,
      args: { requestId: request.id, key: input.key, reason },
      result: { state: next },
    },
    withRequesterHome((moved) => {
      if (next === 'awaiting-approval') {
        return [
          approvalCard(moved, {
            ...planMessage,
            blocks: [
              {
                kind: 'text',
                text: rich`${user(moved.requestedBy, moved.requestedByHandle)} asks to re-run ${plural(moved.plan.processorDates, 'processor-date')}, over the limit of ${ports.catalog.reruns.maxDatesPerRequest}: an approver approves it here.`,
              },
              ...planMessage.blocks,
              {
                kind: 'actions',
                actions: [
                  {
                    label: 'Approve',
                    style: 'primary',
                    intent: { kind: 'rerun', requestId: moved.id, act: 'approve' },
                  },
                  {
                    label: 'Reject',
                    style: 'danger',
                    intent: { kind: 'rerun', requestId: moved.id, act: 'cancel' },
                  },
                ],
              },
            ],
          }),
        ];
      }
      const decidedLine = (verb: string) => [
        {
          kind: 'text' as const,
          tone: 'good' as const,
          text: rich`${verb} by ${user(actor.id, actor.handle)}`,
        },
      ];
      const card =
        request.state === 'awaiting-approval'
          ? [approvalCard(moved, planMessage, decidedLine(next === 'cancelled' ? 'Rejected' : 'Approved'))]
          : [];
      return starts ? [...card, ...startEffects(moved, viewOf(moved, [], new Map()))] : card;
    }),
  );
  if (!changed)
    return {
      kind: 'unchanged',
      request: after,
      answer: plain(`Re-run ${after.id} is ${STATE_WORDS[after.state]}.`),
    };
  const answers: Record<RerunRequest['state'], string> = {
    planned: '',
    'awaiting-approval': `Re-run ${after.id} is over the size limit: it is posted in the channel for an approver.`,
    confirmed: `Re-run ${after.id} confirmed: ${plural(after.plan.messages.filter((m) => m.step === 0).length, 'message')} queued; its state is in the channel thread.`,
    cancelled: `Re-run ${after.id} cancelled; nothing was published.`,
    done: '',
  };
  return { kind: 'done', request: after, answer: plain(answers[after.state], 'good') };
}
