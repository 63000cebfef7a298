import type { App, BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt';
import { decideRerun, type RerunDecisionInput } from '../../actions/rerun-decide.js';
import { deliverAction } from '../deliver-action.js';
import { decodeIntent } from '../render/action-value.js';
import { readFormPayload, readFormValues } from '../render/form-view.js';
import { actorOf, type SlackActions } from '../slack-actions.js';
import type { SlackDeps } from '../slack-deps.js';

type Deps = SlackDeps & { actions: SlackActions };

/** One re-run decision in the core; an override that needs a reason comes back as the form. */
const decide = (deps: Deps, input: RerunDecisionInput, trigger?: string) =>
  deliverAction(
    deps,
    input.actor,
    async () => {
      const result = await decideRerun(input, deps.actions.ports);
      return result.kind === 'needs-reason' ? { form: result.form, answer: null } : { answer: result.answer };
    },
    trigger,
  );

/** Confirm / Cancel under a plan, Approve / Reject on a large request's card, and the override form. */
export function registerReruns(app: App, deps: Deps): void {
  app.action<BlockAction<ButtonAction>>(/^rerun:(confirm|cancel|approve)$/, async ({ ack, body, action }) => {
    await ack();
    const actor = actorOf(body.user, body.channel?.id ?? '');
    const intent = decodeIntent(action.value);
    if (intent?.kind !== 'rerun') return;
    const key = `${body.trigger_id}:${action.action_ts}`;
    await decide(
      deps,
      { requestId: intent.requestId, act: intent.act, reason: null, actor, key },
      body.trigger_id,
    );
  });

  app.view<ViewSubmitAction>('rerun.confirm', async ({ ack, body, view }) => {
    const reason = readFormValues(view.state.values).reason?.trim() ?? '';
    if (!reason)
      return void (await ack({ response_action: 'errors', errors: { reason: 'A reason is required.' } }));
    await ack();
    const payload = readFormPayload('rerun.confirm', view.private_metadata);
    if (!payload) return void deps.log(`rerun form ${view.id}: unreadable private_metadata`);
    const actor = actorOf(body.user, payload.channel);
    await decide(deps, {
      requestId: payload.requestId,
      act: 'confirm',
      reason,
      actor,
      key: `view:${view.id}`,
    });
  });
}
