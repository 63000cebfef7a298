import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { answerWords, busyWordsReply, type CommandReply } from '../answer-command.js';
import { admit } from '../in-flight.js';
import { decodeIntent } from '../render/action-value.js';
import { replyReliably } from '../reply-reliably.js';
import { actorOf } from '../slack-actions.js';
import type { SlackDeps } from '../slack-deps.js';
import { publishHome } from './home.js';

// Two clicks on the same button within this window are one request.
const DOUBLE_CLICK_MS = 3000;

/**
 * Follow-up and "More" buttons: the words the button carries, answered to the clicker as if typed
 * (or "busy" at once, beyond the limit of answers in flight). On the Home they redraw it, unlimited.
 */
export function registerActions(app: App, deps: SlackDeps): void {
  app.action<BlockAction<ButtonAction>>(
    /^(followup:\d+|more)$/,
    async ({ ack, body, action, respond, client }) => {
      await ack();
      const where = body.container?.message_ts ?? body.view?.id ?? '';
      if (!deps.dedupe.first(`action:${body.trigger_id}:${action.action_ts}`)) return;
      const slot = Math.floor(Date.now() / DOUBLE_CLICK_MS);
      if (!deps.dedupe.first(`click:${body.user.id}:${where}:${action.action_id}:${slot}`)) return;
      // A value we cannot read (an old card, a tampered click) answers with help, not an error.
      const intent = decodeIntent(action.value);
      const run = intent?.kind === 'command' ? intent : { words: 'help', page: 1 };
      const words = run.words.split(/\s+/);
      if (body.view?.type === 'home') return void (await publishHome(client, body.user.id, deps, words));
      const actor = actorOf(body.user, body.channel?.id ?? '');
      const key = `${body.trigger_id}:${action.action_ts}`;
      const page = run.page ?? 1;
      // A click in a message answers through its response_url; one without (a button in a modal, or
      // a forged payload) answers privately in its channel, else on the clicker's Home.
      const channel = body.channel?.id;
      const answered = async (reply: CommandReply | null) => {
        if (!reply) return;
        const ephemeral = { ...reply, response_type: 'ephemeral' as const, replace_original: false };
        if (body.response_url && channel)
          await replyReliably(respond, ephemeral, { client, channel, user: body.user.id, log: deps.log });
        else if (body.response_url) await respond(ephemeral);
        else if (channel)
          await client.chat.postEphemeral({
            channel,
            user: body.user.id,
            text: reply.text,
            blocks: reply.blocks,
          });
        else await publishHome(client, body.user.id, deps, words);
      };
      await admit(
        deps.inFlight,
        async () => answered(await answerWords(words, actor, key, deps, { page })),
        () => answered(busyWordsReply(words, page)),
      );
    },
  );
}
