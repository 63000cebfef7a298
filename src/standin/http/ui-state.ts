import type { StandinState } from '../standin-state.js';
import type { ViewEntry } from '../view-store.js';
import { dmChannelId, findUser } from '../world.js';

const viewJson = (e: ViewEntry | undefined) =>
  e ? { view: e.view, errors: e.errors ?? {}, banner: e.banner ?? null, depth: 0 } : null;

/** Everything the page shows to one user: what Slack's client would know about that session. */
export function uiState(state: StandinState, userId: string) {
  const { world } = state;
  const me = findUser(world, userId);
  if (!me || me.isBot) throw new Error(`unknown user ${userId}`);
  const channels = [
    ...world.channels.map((c) => ({ id: c.id, name: c.name, kind: 'channel' as const })),
    { id: dmChannelId(me.id), name: world.bot.name, kind: 'dm' as const },
  ];
  const stack = state.views.modalStack(me.id);
  const modal = viewJson(stack.at(-1));
  if (modal) modal.depth = stack.length;
  return {
    version: state.version,
    me: me.id,
    team: world.team,
    bot: world.bot,
    users: world.users.map((u) => ({
      id: u.id,
      name: u.name,
      realName: u.realName,
      isBot: u.isBot,
      title: u.title ?? '',
    })),
    usergroups: world.usergroups.map((g) => ({ id: g.id, handle: g.handle })),
    channels,
    commands: world.commands,
    messages: Object.fromEntries(channels.map((c) => [c.id, state.messages.list(c.id, me.id)])),
    modal,
    home: viewJson(state.views.home(me.id)),
  };
}
