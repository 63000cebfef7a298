/**
 * What one cell of the coverage heatmap says about a table on a date (or on the dates of a week).
 * - failed: the latest run of the table's processor on that date did not succeed (an open failure);
 * - missing: an expected date without rows (a gap);
 * - expected-partial: no rows in a table expected to be partial (not a gap);
 * - bootstrap: a season's first days in a phase with bootstrap: no rows expected;
 * - present: rows are there;
 * - future: a scheduled date after today.
 */
export type CellState = 'failed' | 'missing' | 'expected-partial' | 'bootstrap' | 'present' | 'future';

/** Worst first: a cell over several dates shows the first of these that any of its dates has. */
export const CELL_STATES: readonly CellState[] = [
  'failed',
  'missing',
  'expected-partial',
  'bootstrap',
  'present',
  'future',
];

const RANK = new Map(CELL_STATES.map((state, i) => [state, i]));

/** The worst of some states (future when there are none: nothing to say yet). */
export function worstState(states: Iterable<CellState>): CellState {
  let worst: CellState = 'future';
  for (const state of states) if ((RANK.get(state) ?? 0) < (RANK.get(worst) ?? 0)) worst = state;
  return worst;
}

/** A count per state, every state present (0 when none): stable for JSON and alt text. */
export type StateCounts = Record<CellState, number>;

export const noStates = (): StateCounts => ({
  failed: 0,
  missing: 0,
  'expected-partial': 0,
  bootstrap: 0,
  present: 0,
  future: 0,
});
