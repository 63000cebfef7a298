import { resolveChannel, type StandinWorld } from '../world.js';
import type { chatMethods } from './chat-methods.js';
import type { conversationMethods } from './conversation-methods.js';
import type { directoryMethods } from './directory-methods.js';
import type { fileMethods } from './file-methods.js';
import type { MethodArgs } from './method-args.js';
import type { viewMethods } from './view-methods.js';

type MethodName = keyof (typeof chatMethods &
  typeof conversationMethods &
  typeof directoryMethods &
  typeof fileMethods &
  typeof viewMethods);

/** A fixed scope, none (null), or one that depends on the kind of channel the call names. */
type ScopeRule = string | null | ((args: MethodArgs, world: StandinWorld) => string);

/**
 * Conversation methods need the scope of the channel's kind: channels:* for public channels,
 * groups:* for private ones, im:* for DMs. Slack names exactly that one in `needed`
 * (e.g. groups:history when only channels:history was granted).
 */
const byChannelKind =
  (family: 'history' | 'read'): ScopeRule =>
  (args, world) => {
    const channel = resolveChannel(world, args.str('channel') ?? '');
    const kind = channel?.id.startsWith('D') ? 'im' : channel?.isPrivate ? 'groups' : 'channels';
    return `${kind}:${family}`;
  };

/**
 * The bot-token scope each Web API method needs, from Slack's method reference. Typed by the method
 * tables, so a method added there without its scope does not compile.
 */
const METHOD_SCOPES: Record<MethodName, ScopeRule> = {
  'auth.test': null,
  'chat.postMessage': 'chat:write',
  'chat.postEphemeral': 'chat:write',
  'chat.update': 'chat:write',
  'chat.delete': 'chat:write',
  'conversations.history': byChannelKind('history'),
  'conversations.replies': byChannelKind('history'),
  'conversations.info': byChannelKind('read'),
  'users.info': 'users:read',
  'users.list': 'users:read',
  'usergroups.list': 'usergroups:read',
  'usergroups.users.list': 'usergroups:read',
  'files.getUploadURLExternal': 'files:write',
  'files.completeUploadExternal': 'files:write',
  // Views are opened with a trigger_id or published for a user: no scope.
  'views.open': null,
  'views.push': null,
  'views.update': null,
  'views.publish': null,
};

/** Every scope some method of the stand-in needs: grant them all to see which ones an app uses. */
export const ALL_SCOPES: readonly string[] = [
  'chat:write',
  'chat:write.public',
  ...['channels', 'groups', 'im'].flatMap((kind) => [`${kind}:history`, `${kind}:read`]),
  'users:read',
  'usergroups:read',
  'files:write',
];

/** The scope this call needs, null for none; undefined for a method the stand-in does not know. */
export function neededScope(
  method: string,
  args: MethodArgs,
  world: StandinWorld,
): string | null | undefined {
  const rule = (METHOD_SCOPES as Record<string, ScopeRule | undefined>)[method];
  return typeof rule === 'function' ? rule(args, world) : rule;
}
