import type { DirectoryPort } from './directory.js';

export interface FixedDirectoryEntries {
  /** User group id -> member user ids. */
  groups?: Readonly<Record<string, readonly string[]>>;
  /** User id -> handle. */
  handles?: Readonly<Record<string, string>>;
}

/** A directory from a fixed map of groups and handles: tests, the CLI, and worlds without Slack. */
export class FixedDirectory implements DirectoryPort {
  constructor(private readonly entries: FixedDirectoryEntries) {}

  async groupMembers(group: string): Promise<string[]> {
    return [...(this.entries.groups?.[group] ?? [])];
  }

  async handle(user: string): Promise<string | null> {
    return this.entries.handles?.[user] ?? null;
  }
}
