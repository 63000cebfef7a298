import type { StandinState } from '../standin-state.js';
import { SLACKBOT_USER_ID } from '../world.js';

/** The platform's own ephemeral notes (failed commands, invalid commands), from Slackbot. */
export function slackbotSays(state: StandinState, channel: string, user: string, text: string): void {
  state.messages.add(channel, { user: SLACKBOT_USER_ID, text, ephemeralTo: user, via: 'slackbot' });
}
