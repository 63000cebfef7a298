import type { DirectoryPort } from '../../chat/directory.js';
import type { WebClient } from '../chat/slack-client.js';
import { chatErrorFrom, platformCode } from '../chat/slack-error.js';
import { TtlCache } from './ttl-cache.js';

export interface SlackDirectoryOptions {
  /** Default 5 minutes: group membership and handles change rarely, clicks come in bursts. */
  ttlMs?: number;
  /** Per cache (groups, handles); default 500. */
  maxEntries?: number;
  now?: () => number;
}

const DEFAULT_TTL_MS = 5 * 60_000;
const DEFAULT_MAX_ENTRIES = 500;

/**
 * The directory port on Slack's Web API (usergroups.users.list, users.info), each answer cached in a
 * bounded cache. Lookups in flight are shared: a burst of clicks makes one call. An unknown group
 * has no members and an unknown user no handle; those answers are cached too.
 */
export class SlackDirectory implements DirectoryPort {
  private readonly groups: TtlCache<Promise<string[]>>;
  private readonly handles: TtlCache<Promise<string | null>>;

  constructor(
    private readonly client: WebClient,
    options: SlackDirectoryOptions = {},
  ) {
    const cache = {
      ttlMs: options.ttlMs ?? DEFAULT_TTL_MS,
      maxEntries: options.maxEntries ?? DEFAULT_MAX_ENTRIES,
      ...(options.now ? { now: options.now } : {}),
    };
    this.groups = new TtlCache(cache);
    this.handles = new TtlCache(cache);
  }

  async groupMembers(group: string): Promise<string[]> {
    const members = await cached(this.groups, group, async () => {
      try {
        return (await this.client.usergroups.users.list({ usergroup: group })).users ?? [];
      } catch (error) {
        if (platformCode(error) === 'no_such_subteam') return [];
        throw chatErrorFrom(error, { method: 'usergroups.users.list' });
      }
    });
    return [...members];
  }

  handle(user: string): Promise<string | null> {
    return cached(this.handles, user, async () => {
      try {
        return (await this.client.users.info({ user })).user?.name ?? null;
      } catch (error) {
        if (platformCode(error) === 'user_not_found') return null;
        throw chatErrorFrom(error, { method: 'users.info' });
      }
    });
  }
}

/** The cached answer, or the lookup's, shared while in flight; a failed lookup is not remembered. */
function cached<V>(cache: TtlCache<Promise<V>>, key: string, lookup: () => Promise<V>): Promise<V> {
  const hit = cache.get(key);
  if (hit) return hit;
  const pending = lookup();
  cache.set(key, pending);
  pending.catch(() => {
    if (cache.get(key) === pending) cache.delete(key);
  });
  return pending;
}
