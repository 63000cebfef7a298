import type { App } from '@slack/bolt';
import type { Catalog } from '../../config/catalog-schema.js';

type WebClient = App['client'];

// Group membership changes rarely; a short cache keeps a burst of clicks from hitting the Web API.
const GROUP_TTL_MS = 5 * 60_000;

/** Who may approve gates: the catalog's users, and members of its user groups (resolved via the Web API). */
export class Approvers {
  private readonly groups = new Map<string, { members: Set<string>; until: number }>();

  constructor(
    private readonly config: Catalog['approvals'],
    private readonly client: WebClient,
    private readonly now: () => number = Date.now,
  ) {}

  async isApprover(user: string): Promise<boolean> {
    if (this.config.users.includes(user)) return true;
    for (const group of this.config.usergroups) {
      if ((await this.members(group)).has(user)) return true;
    }
    return false;
  }

  /** The approvers as Slack renders them: user and group mentions. */
  describe(): string {
    const mentions = [
      ...this.config.users.map((u) => `<@${u}>`),
      ...this.config.usergroups.map((g) => `<!subteam^${g}>`),
    ];
    return mentions.join(', ') || 'nobody (set approvals in the catalog)';
  }

  private async members(group: string): Promise<Set<string>> {
    const cached = this.groups.get(group);
    if (cached && cached.until > this.now()) return cached.members;
    const { users } = await this.client.usergroups.users.list({ usergroup: group });
    const members = new Set(users ?? []);
    this.groups.set(group, { members, until: this.now() + GROUP_TTL_MS });
    return members;
  }
}
