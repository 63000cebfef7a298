import type { App } from '@slack/bolt';
import { buildHome } from '../../home/build-home.js';
import { answerMessage } from '../answer.js';
import { homeView } from '../render/home-view.js';
import type { SlackDeps } from '../slack-deps.js';

type WebClient = App['client'];

/**
 * App Home for `user`: the overview (src/home), with the answer to `words` on top when a button on
 * the Home asked for one. Without core actions (no state store) the overview is the season's status.
 */
export async function publishHome(client: WebClient, user: string, deps: SlackDeps, words?: string[]) {
  const shown = words ? await answerMessage(words, deps) : undefined;
  const message = deps.actions
    ? await buildHome(user, deps.actions.ports, deps.log, shown, deps.actions.homeNotices)
    : (shown ?? (await answerMessage(['status', 'current'], deps)));
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
