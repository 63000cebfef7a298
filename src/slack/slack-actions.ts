import type { ActionPorts, Actor } from '../actions/action-ports.js';
import type { HomeNotices } from '../home/home-notices.js';

/** What the Slack front needs to run core actions: their ports, and the relay to wake after a write. */
export interface SlackActions {
  ports: ActionPorts;
  relay: { kick(): void };
  /** The answers on top of people's Homes, shared with the relay's Home refreshes. */
  homeNotices?: HomeNotices;
}

/** The person who acted, as Slack names them in a payload (`username` on interactions, `user_name` on commands). */
export const actorOf = (
  user: { id: string; username?: string | undefined; name?: string | undefined },
  channel: string,
): Actor => ({ id: user.id, handle: user.username || user.name || null, channel });
