/**
 * The directory port: who belongs to a user group, and what a person is called. Adapters: the Slack
 * Web API with a bounded cache (src/slack/directory) and a fixed one (src/chat/fixed-directory.ts).
 * Both pass test/chat/directory-contract.test.ts.
 */
export interface DirectoryPort {
  /** Member user ids of a user group; an unknown group has none. */
  groupMembers(group: string): Promise<string[]>;
  /** The person's handle (Slack's name, e.g. "lead1"), or null when unknown. */
  handle(user: string): Promise<string | null>;
}
