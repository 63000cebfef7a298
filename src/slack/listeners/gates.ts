import type { App, BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt';
import { describeError } from '../../commands/describe-error.js';
import type { StateStore } from '../../store/state-store.js';
import type { Approvers } from '../gates/approvers.js';
import { castVote, type GateFlowDeps, redrawCard, type VoteResult } from '../gates/gate-flow.js';
import { REASON_MODAL, readReasonModal, reasonModal } from '../gates/reason-modal.js';
import { decodeActionValue } from '../render/action-value.js';
import type { SlackDeps } from '../slack-deps.js';

export interface GateListenerDeps extends SlackDeps {
  store: StateStore;
  approvers: Approvers;
}

function resultText(result: VoteResult): string {
  if (result.kind === 'changed')
    return `The evidence changed since that card was posted (${result.differences.join('; ')}). Look at the new card and vote there.`;
  const { decision } = result.record;
  if (result.kind === 'closed' && decision) {
    return `Already ${decision.decision} by <@${decision.decidedBy}> at ${decision.decidedAt.slice(11, 16)} UTC.`;
  }
  if (result.kind === 'duplicate') return 'Your vote on this gate is already recorded.';
  return decision ? `Recorded: gate ${decision.decision}.` : 'Recorded: waiting for another approver.';
}

/** Approve / Reject on a gate card, and the reason modal behind them. */
export function registerGates(app: App, deps: GateListenerDeps): void {
  const flow = (client: App['client']): GateFlowDeps => ({
    ports: deps.ports,
    store: deps.store,
    client,
    ...(deps.queue ? { queue: deps.queue } : {}),
  });
  const tell = (client: App['client'], channel: string, user: string, text: string) =>
    client.chat.postEphemeral({ channel, user, text });

  app.action<BlockAction<ButtonAction>>(/^gate:(approve|reject)$/, async ({ ack, body, action, client }) => {
    await ack();
    const user = body.user.id;
    const channel = body.channel?.id ?? '';
    const vote = action.action_id === 'gate:approve' ? 'approve' : 'reject';
    const requestId = decodeActionValue(action.value)?.c.split(' ').at(-1) ?? '';
    try {
      const record = await deps.store.getGate(requestId);
      if (!record) return void (await tell(client, channel, user, `There is no gate request ${requestId}.`));
      const { request, decision } = record;
      if (decision) {
        // A late click on a decided card (or one a restart left undrawn): show the decision there too.
        await redrawCard(flow(client), record);
        return void (await tell(
          client,
          channel,
          user,
          `Already ${decision.decision} by <@${decision.decidedBy}> at ${decision.decidedAt.slice(11, 16)} UTC.`,
        ));
      }
      if (!(await deps.approvers.isApprover(user))) {
        return void (await tell(
          client,
          channel,
          user,
          `You are not an approver for gate ${request.gate}; approvers: ${deps.approvers.describe()}.`,
        ));
      }
      if (
        vote === 'approve' &&
        user === request.requestedBy &&
        !deps.ports.catalog.approvals.allowSelfApproval
      ) {
        return void (await tell(
          client,
          channel,
          user,
          'You requested this gate: another approver must approve it.',
        ));
      }
      // Overriding a FAIL or WARN, and any rejection, needs a reason: ask for it in a modal.
      if (vote === 'reject' || request.verdict !== 'PASS') {
        await client.views.open({
          trigger_id: body.trigger_id,
          view: reasonModal(request, { requestId, vote, channel }),
        });
        return;
      }
      const result = await castVote(
        {
          requestId,
          voter: user,
          vote,
          reason: null,
          idempotencyKey: `${body.trigger_id}:${action.action_ts}`,
        },
        flow(client),
      );
      await tell(client, channel, user, resultText(result));
    } catch (error) {
      await tell(client, channel, user, describeError(error, deps.log).title);
    }
  });

  app.view<ViewSubmitAction>(REASON_MODAL, async ({ ack, body, view, client }) => {
    const reason = view.state.values.reason?.value?.value?.trim() ?? '';
    if (!reason)
      return void (await ack({ response_action: 'errors', errors: { reason: 'A reason is required.' } }));
    await ack();
    const { requestId, vote, channel } = readReasonModal(view.private_metadata);
    try {
      const result = await castVote(
        { requestId, voter: body.user.id, vote, reason, idempotencyKey: `view:${view.id}` },
        flow(client),
      );
      await tell(client, channel, body.user.id, resultText(result));
    } catch (error) {
      await tell(client, channel, body.user.id, describeError(error, deps.log).title);
    }
  });
}
