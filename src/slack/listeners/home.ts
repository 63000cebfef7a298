import type { App } from '@slack/bolt';
import { describeError, REMOTE } from '../../commands/describe-error.js';
import { runCommand } from '../../commands/registry.js';
import type { Message } from '../../domain/message.js';
import { buildHome } from '../../home/build-home.js';
import { errorMessage } from '../error-message.js';
import { DEFAULT_PREFIX } from '../render/block-kit.js';
import { homeView } from '../render/home-view.js';
import type { SlackDeps } from '../slack-deps.js';
import { withDeadline } from '../with-deadline.js';

type WebClient = App['client'];

/** The answer to words asked from the Home (a follow-up there), or what went wrong, as a message. */
async function answerFor(words: string[], deps: SlackDeps): Promise<Message> {
  try {
    const run = runCommand(words, deps.ports, { prefix: DEFAULT_PREFIX });
    return (await withDeadline(run, deps.deadlineMs, 'The warehouse')).message;
  } catch (error) {
    return errorMessage(describeError(error, deps.log, REMOTE), words);
  }
}

/**
 * App Home for `user`: the overview (src/home), with the answer to `words` on top when a button on
 * the Home asked for one. Without core actions (no state store) the overview is the season's status.
 */
export async function publishHome(client: WebClient, user: string, deps: SlackDeps, words?: string[]) {
  const shown = words ? await answerFor(words, deps) : undefined;
  const message = deps.actions
    ? await buildHome(user, deps.actions.ports, deps.log, shown)
    : (shown ?? (await answerFor(['status', 'current'], deps)));
  const chat = deps.actions?.ports.chat ?? deps.chat;
  if (chat) await chat.publishHome(user, message);
  else await client.views.publish({ user_id: user, view: homeView(message) });
}

export function registerHome(app: App, deps: SlackDeps): void {
  app.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab !== 'home') return;
    // Events API retries carry the same event_id.
    if (!deps.dedupe.first(`event:${(body as { event_id?: string }).event_id ?? event.event_ts}`)) return;
    await publishHome(client, event.user, deps);
  });
}
