import type { HomeView } from '@slack/types';
import type { SlackMessage } from './block-kit.js';

// Slack's cap on a Home tab (a message has 50).
const HOME_BLOCKS = 100;

/** The App Home tab: rendered answers one under the other, divided, within the tab's block limit. */
export function homeView(sections: SlackMessage[]): HomeView {
  const blocks = sections.flatMap((s, i) =>
    i === 0 ? s.blocks : [{ type: 'divider' as const }, ...s.blocks],
  );
  return { type: 'home', blocks: blocks.slice(0, HOME_BLOCKS) };
}
