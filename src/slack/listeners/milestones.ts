import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { decideMilestone } from '../../actions/milestone-actions.js';
import { deliverAction } from '../deliver-action.js';
import { decodeIntent } from '../render/action-value.js';
import { actorOf, type SlackActions } from '../slack-actions.js';
import type { SlackDeps } from '../slack-deps.js';

/** Promote / Keep / Retrain on a milestone reminder: one core operation, the answer told privately. */
export function registerMilestones(app: App, deps: SlackDeps & { actions: SlackActions }): void {
  app.action<BlockAction<ButtonAction>>(
    /^milestone:(promote|keep|retrain)$/,
    async ({ ack, body, action }) => {
      await ack();
      const actor = actorOf(body.user, body.channel?.id ?? '');
      const intent = decodeIntent(action.value);
      if (intent?.kind !== 'milestone') return;
      const key = `${body.trigger_id}:${action.action_ts}`;
      const { milestoneId: id, choice } = intent;
      await deliverAction(deps, actor, async () => ({
        answer: await decideMilestone({ id, choice, actor, key }, deps.actions.ports),
      }));
    },
  );
}
