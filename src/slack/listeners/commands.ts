import type { App } from '@slack/bolt';
import { describeError } from '../../commands/describe-error.js';
import { answer } from '../answer.js';
import { errorMessage } from '../error-message.js';
import { requestGate } from '../gates/gate-flow.js';
import { renderBlockKit } from '../render/block-kit.js';
import type { SlackDeps } from '../slack-deps.js';
import { parseSlackText } from '../slack-text.js';

/** `/backfill ...`: ack at once (Slack allows 3 s), then answer on the response_url. */
export function registerCommands(app: App, deps: SlackDeps): void {
  app.command('/backfill', async ({ command, ack, respond, client }) => {
    await ack();
    // A redelivered command carries the same trigger_id: answer it once.
    if (!deps.dedupe.first(`command:${command.trigger_id}`)) return;
    let request: ReturnType<typeof parseSlackText>;
    try {
      request = parseSlackText(command.text);
    } catch (error) {
      await respond({
        response_type: 'ephemeral',
        ...renderBlockKit(errorMessage(describeError(error, deps.log), []), { command: '' }),
      });
      return;
    }
    // A gate with a store behind it is a request: its card goes to the channel, with the vote buttons.
    if (
      deps.store &&
      request.words[0] === 'gate' &&
      /^\d+$/.test(request.words[1] ?? '') &&
      !request.explain
    ) {
      try {
        const record = await requestGate(
          request.words,
          command.user_id,
          command.channel_id,
          { ports: deps.ports, store: deps.store, client },
          command.trigger_id,
        );
        await respond({
          response_type: 'ephemeral',
          text: `Posted the Gate ${record.request.gate} card (request ${record.request.id}) in this channel.`,
        });
      } catch (error) {
        await respond({
          response_type: 'ephemeral',
          ...renderBlockKit(errorMessage(describeError(error, deps.log), request.words), { command: '' }),
        });
      }
      return;
    }
    const message = await answer(request.words, deps, { explain: request.explain });
    await respond({ response_type: request.isPublic ? 'in_channel' : 'ephemeral', ...message });
  });
}
