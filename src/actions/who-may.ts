import type { Catalog } from '../config/catalog-schema.js';
import { group, joinRich, type Span, user } from '../domain/message.js';
import { rerunGroups } from '../domain/reruns/rerun-policy.js';

// Who may do a thing, as mentions, for the answers that refuse someone: one place for every action.

const mentions = (users: readonly string[], groups: readonly string[], nobody: string): Span[] => {
  const people = [...users.map((u) => [user(u)]), ...groups.map((g) => [group(g)])];
  return people.length ? joinRich(people, ', ') : [nobody];
};

/** The catalog's approvers: users, then user groups. */
export const approversText = (catalog: Catalog): Span[] =>
  mentions(catalog.approvals.users, catalog.approvals.usergroups, 'nobody (set approvals in the catalog)');

/** Who may re-run or snooze: operators and approvers. */
export const operatorsText = (catalog: Catalog): Span[] =>
  mentions(
    [...new Set([...catalog.operators.users, ...catalog.approvals.users])],
    rerunGroups(catalog),
    'nobody (set operators in the catalog)',
  );
