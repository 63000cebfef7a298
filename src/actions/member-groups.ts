import type { DirectoryPort } from '../chat/directory.js';

/** Which of `groups` the user is a member of, asking the directory only about those groups. */
export async function memberGroups(
  user: string,
  groups: readonly string[],
  directory: DirectoryPort,
): Promise<string[]> {
  const members = await Promise.all(groups.map((g) => directory.groupMembers(g)));
  return groups.filter((_, i) => members[i]?.includes(user));
}
