import { BOOTSTRAP_SKIP, dependencyError, processingError } from '../demo/failure-messages.js';
import { createRng } from '../demo/prng.js';
import type { IsoDate } from '../domain/dates.js';

/** What the simulated pipeline does with one processor-date of a re-run. */
export type SimulatedOutcome =
  | { status: 'success' }
  | { status: 'failed'; error: string; missing: string[] | null }
  | { status: 'skipped'; error: string };

/** What the warehouse says about the date, read inside the write window. */
export interface DateFacts {
  /** The first final game of the date; undefined when it has none. */
  gameId: string | undefined;
  /** In a season's bootstrap window, for a bootstrap phase. */
  bootstrap: boolean;
  /** Upstream tables ('dataset.table') without rows on the date. */
  missingUpstream: string[];
}

export const NO_GAMES_SKIP = 'no final games on this date: nothing to process';

/**
 * As the demo generator decides a run: skipped without games or in a bootstrap window, a
 * DependencyError while upstream is missing, else a `failureRate` share of processing errors,
 * drawn from the seed, the message key and the date (the same message fails the same dates on
 * every machine and after every restart).
 */
export function simulatedOutcome(
  facts: DateFacts,
  draw: { seed: number; key: string; date: IsoDate; failureRate: number },
): SimulatedOutcome {
  if (facts.gameId === undefined) return { status: 'skipped', error: NO_GAMES_SKIP };
  if (facts.bootstrap) return { status: 'skipped', error: BOOTSTRAP_SKIP };
  if (facts.missingUpstream.length) {
    return {
      status: 'failed',
      error: dependencyError(facts.missingUpstream, draw.date),
      missing: facts.missingUpstream,
    };
  }
  const rng = createRng(draw.seed, `simulator:${draw.key}:${draw.date}`);
  if (rng.chance(draw.failureRate)) {
    return { status: 'failed', error: processingError(rng, draw.date, facts.gameId), missing: null };
  }
  return { status: 'success' };
}

/** The run's id: the generator's shape, derived from the message key and date, so a replay finds it. */
export function simulatedRunId(seed: number, key: string, date: IsoDate): string {
  return `run-${createRng(seed, `simulator-run:${key}:${date}`).hex(12)}`;
}
