import type { App } from '@slack/bolt';
import { answerCommand, busyCommandReply } from '../answer-command.js';
import { admit } from '../in-flight.js';
import { replyReliably } from '../reply-reliably.js';
import { actorOf } from '../slack-actions.js';
import type { SlackDeps } from '../slack-deps.js';

/**
 * `/backfill ...`: ack at once (Slack allows 3 s), then answer on the response_url; beyond the limit
 * of answers in flight, answer "busy" at once instead, having run nothing.
 */
export function registerCommands(app: App, deps: SlackDeps): void {
  app.command('/backfill', async ({ command, ack, respond, client }) => {
    await ack();
    // A redelivered command carries the same trigger_id: answer it once.
    if (!deps.dedupe.first(`command:${command.trigger_id}`)) return;
    const actor = actorOf({ id: command.user_id, name: command.user_name }, command.channel_id);
    // The response_url can fail (Slack's 5xx): retried, then the person is told another way.
    const target = { client, channel: command.channel_id, user: command.user_id, log: deps.log };
    await admit(
      deps.inFlight,
      async () => {
        const reply = await answerCommand(command.text, actor, command.trigger_id, deps);
        // Null: the answer was posted in the channel (a picture and its message).
        if (reply) await replyReliably(respond, reply, target);
      },
      async () => void (await replyReliably(respond, busyCommandReply(command.text), target)),
    );
  });
}
