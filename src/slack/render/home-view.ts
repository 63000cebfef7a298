import type { HomeView } from '@slack/types';
import type { Message } from '../../domain/message.js';
import { renderSurface } from './block-kit.js';

// Slack's cap on a Home tab (a message has 50).
const HOME_BLOCKS = 100;

/** The App Home tab: the home message's blocks in place (buttons under what they act on), within 100. */
export function homeView(message: Message): HomeView {
  return { type: 'home', blocks: renderSurface(message, { maxBlocks: HOME_BLOCKS }) };
}
