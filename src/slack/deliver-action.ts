import { randomUUID } from 'node:crypto';
import type { Actor } from '../actions/action-ports.js';
import { describeError, REMOTE } from '../commands/describe-error.js';
import type { Form, Message } from '../domain/message.js';
import { buildHome } from '../home/build-home.js';
import { errorMessage } from './error-message.js';
import type { SlackActions } from './slack-actions.js';
import type { SlackDeps } from './slack-deps.js';

/**
 * Runs one core action for a click or a form and delivers what needs the live trigger: the form it
 * asks for (a trigger_id lives 3 s), or the private answer. The relay is woken for what the action
 * wrote; an error becomes a private message that says what happened, never a silent log line.
 */
export async function deliverAction(
  deps: SlackDeps & { actions: SlackActions },
  actor: Actor,
  run: () => Promise<{ form?: Form; answer: Message | null }>,
  trigger?: string,
): Promise<void> {
  const { chat } = deps.actions.ports;
  // A click on the App Home has no channel: the answer goes on top of the person's Home instead;
  // when Slack will not take the Home (a 5xx, a rate limit), as a direct message, so it is not lost.
  const onHome = async (message: Message) => {
    try {
      await chat.publishHome(
        actor.id,
        await buildHome(actor.id, deps.actions.ports, deps.log, message, deps.actions.homeNotices),
      );
    } catch (error) {
      deps.log(
        `the Home of ${actor.id} did not take their answer (${String(error)}): sent as a direct message`,
      );
      await chat.post(actor.id, message, { key: `answer:${actor.id}:${randomUUID()}` });
    }
  };
  const say = (message: Message) =>
    actor.channel ? chat.tell(actor.channel, actor.id, message) : onHome(message);
  // A person's click that changes state is never refused for load (it would be lost, or clicked
  // again in a hurry): it is counted with the answers in flight, and run.
  const deliver = async () => {
    try {
      const { form, answer } = await run();
      deps.actions.relay.kick();
      if (form && trigger) await chat.openForm(trigger, form);
      else if (answer) await say(answer);
    } catch (error) {
      await say(errorMessage(describeError(error, deps.log, REMOTE), [])).catch(() => {});
    }
  };
  await (deps.inFlight ? deps.inFlight.always(deliver) : deliver());
}
