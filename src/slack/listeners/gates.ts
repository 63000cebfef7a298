import type { App, BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt';
import type { Actor } from '../../actions/action-ports.js';
import { castGateVote, type GateVoteInput } from '../../actions/gate-vote.js';
import { deliverAction } from '../deliver-action.js';
import { decodeIntent } from '../render/action-value.js';
import { readFormPayload, readFormValues } from '../render/form-view.js';
import { actorOf, type SlackActions } from '../slack-actions.js';
import type { SlackDeps } from '../slack-deps.js';

/** One vote in the core; a vote that needs a reason comes back as the reason form. */
const vote = (deps: SlackDeps & { actions: SlackActions }, input: GateVoteInput, trigger?: string) =>
  deliverAction(
    deps,
    input.actor,
    async () => {
      const result = await castGateVote(input, deps.actions.ports);
      return result.kind === 'needs-reason' ? { form: result.form, answer: null } : { answer: result.answer };
    },
    trigger,
  );

const UNREADABLE =
  'This button or form comes from a version of backfill-bot that no longer reads it: request the gate again.';

/** Approve / Reject on a gate card, and the reason form behind them. */
export function registerGates(app: App, deps: SlackDeps & { actions: SlackActions }): void {
  app.action<BlockAction<ButtonAction>>(/^gate:(approve|reject)$/, async ({ ack, body, action }) => {
    await ack();
    const actor: Actor = actorOf(body.user, body.channel?.id ?? '');
    const intent = decodeIntent(action.value);
    if (intent?.kind !== 'gate.vote') return void (await tellPlain(deps, actor, UNREADABLE));
    const { requestId, vote: choice } = intent;
    const key = `${body.trigger_id}:${action.action_ts}`;
    await vote(deps, { requestId, vote: choice, reason: null, actor, key }, body.trigger_id);
  });

  app.view<ViewSubmitAction>('gate.vote', async ({ ack, body, view }) => {
    const reason = readFormValues(view.state.values).reason?.trim() ?? '';
    if (!reason)
      return void (await ack({ response_action: 'errors', errors: { reason: 'A reason is required.' } }));
    await ack();
    const payload = readFormPayload('gate.vote', view.private_metadata);
    if (!payload) return void deps.log(`gate form ${view.id}: unreadable private_metadata`);
    const actor = actorOf(body.user, payload.channel);
    await vote(deps, {
      requestId: payload.requestId,
      vote: payload.vote,
      reason,
      actor,
      key: `view:${view.id}`,
    });
  });
}

const tellPlain = (deps: SlackDeps & { actions: SlackActions }, actor: Actor, text: string) =>
  deps.actions.ports.chat
    .tell(actor.channel, actor.id, { summary: text, tone: 'warn', blocks: [{ kind: 'text', text }] })
    .catch(() => {});
