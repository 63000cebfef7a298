import { randomBytes } from 'node:crypto';

export const RESPONSE_URL_MAX_USES = 5;
export const RESPONSE_URL_TTL_MS = 30 * 60_000;

/** What a response_url answers for: the user and channel of a command or a button click. */
export interface ResponseTarget {
  id: string;
  kind: 'command' | 'action';
  channel: string;
  user: string;
  createdAt: number;
  uses: number;
  /** The message replace_original/delete_original act on: the clicked one, or this URL's last post. */
  originalTs?: string;
  /** For a command: `/backfill status`, echoed into the channel before its first in_channel answer. */
  commandLine?: string;
  echoed?: boolean;
}

export type TakeResult = { target: ResponseTarget } | { error: 'used_url' | 'expired_url' };

/** response_url bookkeeping: Slack accepts 5 uses within 30 minutes, then 404; then it is forgotten. */
export class ResponseUrls {
  private readonly targets = new Map<string, ResponseTarget>();

  constructor(private readonly now: () => number) {}

  create(target: Omit<ResponseTarget, 'id' | 'createdAt' | 'uses'>): ResponseTarget {
    const id = `${target.kind === 'command' ? 'C' : 'A'}${randomBytes(12).toString('hex')}`;
    const created: ResponseTarget = { ...target, id, createdAt: this.now(), uses: 0 };
    // Expired ones answer as unknown ones do (expired_url): forget them, so a long run stays small.
    for (const [old, t] of this.targets) {
      if (created.createdAt - t.createdAt <= RESPONSE_URL_TTL_MS) break;
      this.targets.delete(old);
    }
    this.targets.set(id, created);
    return created;
  }

  get size(): number {
    return this.targets.size;
  }

  get(id: string): ResponseTarget | undefined {
    return this.targets.get(id);
  }

  /** Counts one use; unknown ids read as expired, as Slack cannot tell them apart either. */
  take(id: string): TakeResult {
    const target = this.targets.get(id);
    if (!target || this.now() - target.createdAt > RESPONSE_URL_TTL_MS) return { error: 'expired_url' };
    if (target.uses >= RESPONSE_URL_MAX_USES) return { error: 'used_url' };
    target.uses += 1;
    return { target };
  }

  clear(): void {
    this.targets.clear();
  }
}
