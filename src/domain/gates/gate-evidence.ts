import type { PhaseCoverage } from '../coverage.js';
import type { IsoDate } from '../dates.js';
import type { FailureGroup } from '../failures.js';
import type { PlayerCoverageDay } from '../player-coverage.js';
import type { TableQuality } from '../quality.js';

/**
 * The facts a gate is computed from, all for the gate's range: the caller reads them in one pass
 * (see gateRule().needs for which ones a gate reads) and both the verdict and its fingerprint
 * come from this one object, so what was judged is what is stored.
 */
export interface GateEvidence {
  /** evaluateCoverage() for the range: bootstrap dates already excluded where a phase has bootstrap. */
  phases: PhaseCoverage[];
  /** summarizeQuality() of the tables with a quality column. */
  quality: TableQuality[];
  /** groupFailures() of the failed runs in range. */
  failures: FailureGroup[];
  playerCoverage: PlayerCoverageDay[];
  /** The newest modification the warehouse reports (e.g. max partition last_modified_time); null when unknown. */
  newestModification: string | null;
  /**
   * The expected (final game) dates in range. Optional: with them, runs of missing dates span days
   * without games ("2021-11-02..2021-11-09 (6)") instead of breaking at every off day.
   */
  expectedDates?: IsoDate[];
}

/** Groups whose latest run is still not a success for at least one date. */
export const openFailures = (evidence: Pick<GateEvidence, 'failures'>): FailureGroup[] =>
  evidence.failures.filter((g) => g.openDates.length > 0);

/** Dates in some phase's bootstrap window: nothing is expected there by design, so they are never gaps. */
export const bootstrapDays = (evidence: Pick<GateEvidence, 'phases'>): Set<IsoDate> =>
  new Set(evidence.phases.flatMap((p) => p.bootstrap));
