import type { OutboxRow, StateStore } from '../../src/store/state-store.js';

/**
 * What one fault scenario ended with, printed as one line per scenario so a run shows the counts
 * behind "nothing lost, nothing doubled" (e.g. `[fault] publish while the topic is missing: outbox
 * 3 rows (3 delivered), published 3 of 3 keys, decisions 1, posts 2`). The test asserts the same
 * numbers; the line is for the person reading the run.
 */
export interface FaultTally {
  /** The outbox rows the scenario left, by state. */
  outbox?: OutboxCounts;
  /** Messages the queue received: total, and distinct keys (equal when nothing was doubled). */
  published?: { total: number; keys: number };
  /** Gate decisions (or re-run and milestone decisions) stored. */
  decisions?: number;
  /** Messages that reached Slack (posts and replies), and updates of a message. */
  posts?: number;
  updates?: number;
  /** Anything else worth a number, e.g. `{ 'Home publishes': 2 }`. */
  more?: Record<string, number>;
}

export interface OutboxCounts {
  rows: number;
  delivered: number;
  pending: number;
  failed: number;
}

export const countOutbox = (rows: readonly OutboxRow[]): OutboxCounts => ({
  rows: rows.length,
  delivered: rows.filter((r) => r.state === 'delivered').length,
  pending: rows.filter((r) => r.state === 'pending').length,
  failed: rows.filter((r) => r.state === 'failed').length,
});

/** Every outbox row the store holds (a scenario's store is its own; at most 1,000), counted by state. */
export async function outboxCounts(store: Pick<StateStore, 'listOutbox'>): Promise<OutboxCounts> {
  return countOutbox(await store.listOutbox({ limit: 1_000 }));
}

/** Distinct keys among received messages: a doubled delivery shows as total > keys. */
export const publishedCounts = (keys: readonly string[]): { total: number; keys: number } => ({
  total: keys.length,
  keys: new Set(keys).size,
});

export function formatTally(scenario: string, tally: FaultTally): string {
  const parts: string[] = [];
  const { outbox, published } = tally;
  if (outbox) {
    const states = (['delivered', 'pending', 'failed'] as const)
      .filter((state) => outbox[state] > 0)
      .map((state) => `${outbox[state]} ${state}`);
    parts.push(
      `outbox ${outbox.rows} ${outbox.rows === 1 ? 'row' : 'rows'}${states.length ? ` (${states.join(', ')})` : ''}`,
    );
  }
  if (published)
    parts.push(`published ${published.total} (${published.keys} ${published.keys === 1 ? 'key' : 'keys'})`);
  if (tally.decisions !== undefined) parts.push(`decisions ${tally.decisions}`);
  if (tally.posts !== undefined) parts.push(`posts ${tally.posts}`);
  if (tally.updates !== undefined) parts.push(`updates ${tally.updates}`);
  for (const [name, n] of Object.entries(tally.more ?? {})) parts.push(`${name} ${n}`);
  return `[fault] ${scenario}: ${parts.join(', ')}`;
}

/** Prints the scenario's counts (stdout, shown by vitest beside the test) and returns the line. */
export function reportTally(scenario: string, tally: FaultTally): string {
  const line = formatTally(scenario, tally);
  console.info(line);
  return line;
}
