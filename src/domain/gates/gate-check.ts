import { compactDates, formatRuns } from '../compact-dates.js';
import type { IsoDate } from '../dates.js';
import { plural } from '../message.js';

export type GateVerdict = 'PASS' | 'WARN' | 'FAIL';

export interface GateCheck {
  /** Short: a table, a phase, "player coverage", "open PROCESSING_ERROR". */
  name: string;
  verdict: GateVerdict;
  /** One line with its numbers, e.g. "nbac_team_boxscore 211/212 (99.5%), at or above 99%: proceed". */
  detail: string;
  /** A rule can fail the gate; info is context for the reader (quality, bootstrap days) and always passes. */
  kind: 'rule' | 'info';
}

const RANK: Record<GateVerdict, number> = { PASS: 0, WARN: 1, FAIL: 2 };

/** The gate's verdict: any FAIL fails it, else any WARN warns, else it passes. */
export const worstVerdict = (checks: Pick<GateCheck, 'verdict'>[]): GateVerdict =>
  checks.reduce<GateVerdict>((worst, c) => (RANK[c.verdict] > RANK[worst] ? c.verdict : worst), 'PASS');

export const rule = (name: string, verdict: GateVerdict, detail: string): GateCheck => ({
  name,
  verdict,
  detail,
  kind: 'rule',
});

export const info = (name: string, detail: string): GateCheck => ({
  name,
  verdict: 'PASS',
  detail,
  kind: 'info',
});

/**
 * Exact comparison in integers: a rounded percent would let 1,999 of 2,000 dates pass a 100% gate.
 * Nothing expected meets any threshold.
 */
export const meets = (present: number, expected: number, minPct: number): boolean =>
  present * 100 >= minPct * expected;

/** Floored, not rounded, so a gate card never shows a threshold the data has not reached. */
export const shownPct = (present: number, expected: number): number =>
  expected === 0 ? 100 : Math.floor((present * 1000) / expected) / 10;

/** "211/212 (99.5%)" */
export const ratio = (present: number, expected: number): string =>
  `${present}/${expected} (${shownPct(present, expected)}%)`;

const MAX_RUNS = 3;

/** "3 dates missing: 2021-11-02..2021-11-04 (3)", kept to one line. */
export const missingText = (missing: IsoDate[], sequence?: IsoDate[]): string =>
  `${plural(missing.length, 'date')} missing: ${formatRuns(compactDates(missing, sequence), MAX_RUNS)}`;

export const datesText = (dates: IsoDate[], sequence?: IsoDate[]): string =>
  formatRuns(compactDates(dates, sequence), MAX_RUNS);
