import type { StandinUser, StandinWorld } from '../world.js';
import { findUser } from '../world.js';
import { SlackApiError } from './method-args.js';
import type { MethodTable } from './method-context.js';

/** A user as users.info describes one. Every person sits in New York: reminders need a tz. */
export function userJson(world: StandinWorld, u: StandinUser): Record<string, unknown> {
  return {
    id: u.id,
    team_id: world.team.id,
    name: u.name,
    real_name: u.realName,
    deleted: false,
    is_bot: u.isBot,
    is_app_user: false,
    is_admin: false,
    tz: 'America/New_York',
    tz_label: 'Eastern Standard Time',
    tz_offset: -18000,
    profile: {
      display_name: u.displayName,
      real_name: u.realName,
      title: u.title ?? '',
      ...(u.id === world.bot.userId ? { bot_id: world.bot.botId } : {}),
    },
  };
}

export const directoryMethods = {
  'auth.test': (_args, state) => ({
    url: `${state.baseUrl}/`,
    team: state.world.team.name,
    user: state.world.bot.name,
    team_id: state.world.team.id,
    user_id: state.world.bot.userId,
    bot_id: state.world.bot.botId,
    is_enterprise_install: false,
  }),

  'users.info': (args, state) => {
    const user = findUser(state.world, args.required('user'));
    if (!user) throw new SlackApiError('user_not_found');
    return { user: userJson(state.world, user) };
  },

  'users.list': (_args, state) => ({
    members: state.world.users.map((u) => userJson(state.world, u)),
    response_metadata: { next_cursor: '' },
  }),

  'usergroups.list': (_args, state) => ({
    usergroups: state.world.usergroups.map((g) => ({
      id: g.id,
      team_id: state.world.team.id,
      handle: g.handle,
      name: g.name,
      user_count: g.users.length,
    })),
  }),

  'usergroups.users.list': (args, state) => {
    const group = state.world.usergroups.find((g) => g.id === args.required('usergroup'));
    if (!group) throw new SlackApiError('no_such_subteam');
    return { users: [...group.users] };
  },
} satisfies MethodTable;
