import type { AppLink } from '../app-link.js';
import type { StandinState } from '../standin-state.js';
import { findUser, type StandinUser, type StandinWorld } from '../world.js';

/** What every outbound interaction needs: the state, the link to the app and a timer owner. */
export interface InteractionContext {
  state: StandinState;
  link: AppLink;
  /** Runs `fn` later unless the stand-in closes first. */
  schedule(fn: () => void, ms: number): void;
  /** Delays between Events API retries (Slack: at once, 1 min, 5 min; compressed locally). */
  eventRetryDelaysMs: number[];
}

/** The deprecated verification token Slack still puts in every payload; Bolt ignores it. */
export const VERIFICATION_TOKEN = 'standinVerificationToken0';

/** A person who can act in the workspace; a bad id is the caller's mistake, so it throws. */
export function actingUser(world: StandinWorld, id: string): StandinUser {
  const user = findUser(world, id);
  if (!user || user.isBot) throw new Error(`unknown user ${id}: the stand-in knows ${peopleIds(world)}`);
  return user;
}

const peopleIds = (world: StandinWorld) =>
  world.users
    .filter((u) => !u.isBot)
    .map((u) => u.id)
    .join(', ');

export const userPart = (world: StandinWorld, u: StandinUser) => ({
  id: u.id,
  username: u.name,
  name: u.name,
  team_id: world.team.id,
});

export const teamPart = (world: StandinWorld) => ({ id: world.team.id, domain: world.team.domain });

/** action_ts and event_ts: seconds with microseconds, like message ts. */
export function nowTs(): string {
  const us = Date.now() * 1000;
  return `${Math.floor(us / 1e6)}.${String(us % 1e6).padStart(6, '0')}`;
}
