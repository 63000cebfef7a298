import { isCliActor } from '../domain/reruns/rerun-policy.js';
import { outbox } from '../outbox/outbox-payload.js';
import type { OutboxEffect } from '../store/state-store.js';
import type { ActionPorts } from './action-ports.js';

/**
 * Publish `user`'s App Home again because of `cause` (a gate request waiting for them, a re-run of
 * theirs that moved): one row per person and cause, so a retried action asks once. The page is
 * built when the relay delivers it. A CLI user has no Home.
 */
export const homeRefresh = (user: string, cause: string): OutboxEffect[] =>
  isCliActor(user) ? [] : [outbox.home(`home:${user}:${cause}`, { user })];

/**
 * Who approves gates, by user id: the catalog's approvers and the members of its approver groups.
 * A directory that cannot answer now leaves the groups out: a Home refresh is never worth failing
 * the action that asked for it.
 */
export async function approverIds(ports: Pick<ActionPorts, 'catalog' | 'directory'>): Promise<string[]> {
  const { users, usergroups } = ports.catalog.approvals;
  const members = await Promise.all(usergroups.map((g) => ports.directory.groupMembers(g).catch(() => [])));
  return [...new Set([...users, ...members.flat()])];
}

/** A re-run's effects, and its requester's Home again: the request moved (its new version says how far). */
export const withRequesterHome =
  <R extends { id: string; version: number; requestedBy: string }>(effects: (request: R) => OutboxEffect[]) =>
  (request: R): OutboxEffect[] => [
    ...effects(request),
    ...homeRefresh(request.requestedBy, `rerun:${request.id}:v${request.version}`),
  ];
