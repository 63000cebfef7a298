import type { IsoDate } from '../domain/dates.js';
import type { Rng } from './prng.js';

// Error texts shaped like the real processors' (class prefix first, then ids and numbers), so the
// bot's classification by the catalog's failureClasses patterns and its grouping by error
// signature (numbers and ids masked) both have something real to chew on.

export function insufficientDataError(rng: Rng): string {
  return `INSUFFICIENT_DATA: only ${rng.int(1, 6)} of 10 required games for ${rng.int(12, 160)} players`;
}

export function dependencyError(missing: string[], date: IsoDate): string {
  return `DependencyError: upstream ${missing.join(', ')} missing for ${date}`;
}

export const BOOTSTRAP_SKIP = 'bootstrap period: skipping';

export function processingError(rng: Rng, date: IsoDate, gameId: string): string {
  const templates = [
    () => `BigQuery load failed: 400 Invalid value at row ${rng.int(100, 9999)} (job ${rng.hex(10)})`,
    () => `ValueError: could not convert string to float: 'N/A' in game ${gameId}`,
    () => `KeyError: 'minutes' missing from boxscore payload for game ${gameId}`,
    () => `TimeoutError: query exceeded 600s scanning partition ${date.replaceAll('-', '')}`,
    () => `ServiceUnavailable: 503 connection reset by peer (attempt ${rng.int(2, 3)} of 3)`,
  ];
  return rng.pick(templates)();
}
