import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { stopWatch } from '../../actions/watch-stop.js';
import { deliverAction } from '../deliver-action.js';
import { decodeIntent } from '../render/action-value.js';
import { actorOf, type SlackActions } from '../slack-actions.js';
import type { SlackDeps } from '../slack-deps.js';

/** Stop under a watch's message: one core operation (who may is its rule), the answer told privately. */
export function registerWatches(app: App, deps: SlackDeps & { actions: SlackActions }): void {
  app.action<BlockAction<ButtonAction>>('watch:stop', async ({ ack, body, action }) => {
    await ack();
    const actor = actorOf(body.user, body.channel?.id ?? '');
    const intent = decodeIntent(action.value);
    if (intent?.kind !== 'watch.stop') return;
    const key = `${body.trigger_id}:${action.action_ts}`;
    await deliverAction(deps, actor, async () => ({
      answer: (await stopWatch({ watchId: intent.watchId, actor, key }, deps.actions.ports)).answer,
    }));
  });
}
