import type { App } from '@slack/bolt';
import type { DividerBlock, KnownBlock } from '@slack/types';
import { answer } from '../answer.js';
import type { SlackDeps } from '../slack-deps.js';

type WebClient = App['client'];
const HOME_BLOCKS = 100;
const DIVIDER: DividerBlock = { type: 'divider' };

/** App Home: the answer to `words` (the current season's status by default) and the help card. */
export async function publishHome(
  client: WebClient,
  user: string,
  deps: SlackDeps,
  words = ['status', 'current'],
) {
  const [main, help] = await Promise.all([answer(words, deps), answer(['help'], deps)]);
  const blocks: KnownBlock[] = [...main.blocks, DIVIDER, ...help.blocks].slice(0, HOME_BLOCKS);
  await client.views.publish({ user_id: user, view: { type: 'home', blocks } });
}

export function registerHome(app: App, deps: SlackDeps): void {
  app.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab !== 'home') return;
    // Events API retries carry the same event_id.
    if (!deps.dedupe.first(`event:${(body as { event_id?: string }).event_id ?? event.event_ts}`)) return;
    await publishHome(client, event.user, deps);
  });
}
