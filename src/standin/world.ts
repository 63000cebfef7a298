// The stand-in's fixed workspace: one team, the app's bot, a few people, a user group and the channels
// the app posts to. Later issues extend it here (or pass their own world to startStandin).

export interface StandinUser {
  id: string;
  /** The handle: what a slash command sends as user_name. */
  name: string;
  realName: string;
  displayName: string;
  isBot: boolean;
  /** What the person does; only shown on the page. */
  title?: string;
}

export interface StandinChannel {
  id: string;
  name: string;
  /** A private channel: the bot needs groups:* scopes for it and sees it only as a member. */
  isPrivate?: boolean;
  /** Whether the app's bot user is in the channel (default true); Slack refuses posts with not_in_channel. */
  botIsMember?: boolean;
}

export interface StandinUsergroup {
  id: string;
  handle: string;
  name: string;
  users: string[];
}

export interface StandinWorld {
  team: { id: string; name: string; domain: string };
  appId: string;
  bot: { userId: string; botId: string; name: string };
  users: StandinUser[];
  usergroups: StandinUsergroup[];
  channels: StandinChannel[];
  /** The slash commands the app's manifest declares; anything else gets Slack's "not a valid command". */
  commands: string[];
}

/** Slackbot speaks for the platform itself (errors such as operation_timeout). */
export const SLACKBOT_USER_ID = 'USLACKBOT';

export const standinWorld: StandinWorld = {
  team: { id: 'T0STANDIN', name: 'standin', domain: 'standin' },
  appId: 'A0STANDIN',
  bot: { userId: 'U0BOT', botId: 'B0BOT', name: 'backfill-bot' },
  users: [
    { id: 'U0OPS', name: 'ops', realName: 'Olivia Ops', displayName: 'ops', isBot: false, title: 'Operator' },
    { id: 'U0LEAD1', name: 'lead1', realName: 'Lee Lead', displayName: 'lead1', isBot: false, title: 'Lead' },
    {
      id: 'U0LEAD2',
      name: 'lead2',
      realName: 'Lana Lead',
      displayName: 'lead2',
      isBot: false,
      title: 'Lead',
    },
    // In no group: the stranger every permission test needs.
    {
      id: 'U0RANDO',
      name: 'rando',
      realName: 'Rand Omm',
      displayName: 'rando',
      isBot: false,
      title: 'Analyst',
    },
    { id: 'U0BOT', name: 'backfill-bot', realName: 'backfill-bot', displayName: 'backfill-bot', isBot: true },
    { id: SLACKBOT_USER_ID, name: 'slackbot', realName: 'Slackbot', displayName: 'Slackbot', isBot: true },
  ],
  usergroups: [
    { id: 'S0LEADS', handle: 'backfill-leads', name: 'Backfill leads', users: ['U0LEAD1', 'U0LEAD2'] },
    { id: 'S0OPS', handle: 'backfill-ops', name: 'Backfill operators', users: ['U0OPS'] },
  ],
  channels: [
    { id: 'C0OPS', name: 'backfill-ops' },
    { id: 'C0REMIND', name: 'reminders' },
    // The bot was never invited here: posts answer not_in_channel, conversations.info is_member false.
    { id: 'C0QUIET', name: 'quiet', botIsMember: false },
    { id: 'C0LEADS', name: 'leads-only', isPrivate: true },
  ],
  commands: ['/backfill'],
};

export const findUser = (world: StandinWorld, id: string): StandinUser | undefined =>
  world.users.find((u) => u.id === id);

/** The app's direct-message channel with a person: Slack opens one when the app posts to a user id. */
export const dmChannelId = (userId: string): string => `D${userId.slice(1)}`;

/**
 * Resolves what Slack accepts as a channel argument: an id, a name, `#name`, or a user id (the DM
 * between the app and that person).
 */
export function resolveChannel(world: StandinWorld, ref: string): StandinChannel | undefined {
  const name = ref.startsWith('#') ? ref.slice(1) : ref;
  const channel = world.channels.find((c) => c.id === ref || c.name === name);
  if (channel) return channel;
  const person =
    world.users.find((u) => !u.isBot && u.id === ref) ??
    world.users.find((u) => !u.isBot && dmChannelId(u.id) === ref);
  return person ? { id: dmChannelId(person.id), name: person.name } : undefined;
}

/** Whether the app's bot user is in a channel: always in its own DMs. */
export const botIsIn = (channel: StandinChannel): boolean =>
  channel.id.startsWith('D') || channel.botIsMember !== false;

/** Who may see a channel: everyone for public channels, only its person for a DM. */
export function canSee(world: StandinWorld, channelId: string, userId: string): boolean {
  if (world.channels.some((c) => c.id === channelId)) return true;
  return dmChannelId(userId) === channelId;
}
