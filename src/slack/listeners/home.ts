import type { App } from '@slack/bolt';
import { answer } from '../answer.js';
import { homeView } from '../render/home-view.js';
import type { SlackDeps } from '../slack-deps.js';

type WebClient = App['client'];

/** App Home: the answer to `words` (the current season's status by default) and the help card. */
export async function publishHome(
  client: WebClient,
  user: string,
  deps: SlackDeps,
  words = ['status', 'current'],
) {
  const answers = await Promise.all([answer(words, deps), answer(['help'], deps)]);
  await client.views.publish({ user_id: user, view: homeView(answers) });
}

export function registerHome(app: App, deps: SlackDeps): void {
  app.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab !== 'home') return;
    // Events API retries carry the same event_id.
    if (!deps.dedupe.first(`event:${(body as { event_id?: string }).event_id ?? event.event_ts}`)) return;
    await publishHome(client, event.user, deps);
  });
}
