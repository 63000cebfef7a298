import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { answer } from '../answer.js';
import { decodeIntent } from '../render/action-value.js';
import type { SlackDeps } from '../slack-deps.js';
import { publishHome } from './home.js';

// Two clicks on the same button within this window are one request.
const DOUBLE_CLICK_MS = 3000;

/** Follow-up and "More" buttons: run the command the button carries and answer the clicker. */
export function registerActions(app: App, deps: SlackDeps): void {
  app.action<BlockAction<ButtonAction>>(
    /^(followup:\d+|more)$/,
    async ({ ack, body, action, respond, client }) => {
      await ack();
      const where = body.container?.message_ts ?? body.view?.id ?? '';
      if (!deps.dedupe.first(`action:${body.trigger_id}:${action.action_ts}`)) return;
      if (
        !deps.dedupe.first(
          `click:${body.user.id}:${where}:${action.action_id}:${Math.floor(Date.now() / DOUBLE_CLICK_MS)}`,
        )
      )
        return;
      // A value we cannot read (an old card, a tampered click) answers with help, not an error.
      const intent = decodeIntent(action.value);
      const run = intent?.kind === 'command' ? intent : { words: 'help', page: 1 };
      const words = run.words.split(/\s+/);
      if (body.view?.type === 'home') {
        await publishHome(client, body.user.id, deps, words);
        return;
      }
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        ...(await answer(words, deps, { page: run.page ?? 1 })),
      });
    },
  );
}
