import type { CheckResult, CheckState } from './evaluate-milestone.js';

// Numbers as an operator reads them: errors in points with two decimals, counts with thousands
// separators, rates as percentages with one decimal. Pinned to en-US so no host locale changes a line.
export const points = (n: number): string => n.toFixed(2);
export const count = (n: number): string => n.toLocaleString('en-US');
export const percent = (n: number): string => `${(n * 100).toFixed(1)}%`;

const NONE = '—';

function shown(n: number | null, unit: CheckResult['unit']): string {
  if (n === null) return NONE;
  return unit === 'points' ? points(n) : unit === 'rate' ? percent(n) : count(n);
}

/** The state as the line ends: PASS, FAIL, or TOO FEW SAMPLES. */
export const stateWord = (state: CheckState): string =>
  state === 'TOO_FEW_SAMPLES' ? 'TOO FEW SAMPLES' : state;

/**
 * One check as a line: "MAE 4.32 ≤ 4.50 · PASS", "win rate 57.4% ≥ 54.2% (catboost_v8) · 378
 * overlapping picks · PASS", "MAE 4.10 ≤ 4.50 · TOO FEW SAMPLES (37 graded rows, 100 needed)".
 * The state is left for the caller to set apart (`checkParts`).
 */
export function checkParts(check: CheckResult): { rule: string; state: string; note: string } {
  const threshold = `${shown(check.threshold, check.unit)}${check.thresholdNote ? ` (${check.thresholdNote})` : ''}`;
  const samples = check.samples;
  // A win rate says little without how many picks it is over; an MAE's rows are in the facts.
  const basis =
    samples && check.metric === 'head-to-head' && check.state !== 'TOO_FEW_SAMPLES'
      ? ` · ${count(samples.count)} ${samples.unit}`
      : '';
  const rule = `${check.name} ${shown(check.value, check.unit)} ${check.comparison} ${threshold}${basis}`;
  const note =
    check.state === 'TOO_FEW_SAMPLES' && samples
      ? ` (${count(samples.count)} ${samples.unit}, ${count(samples.min)} needed)`
      : '';
  return { rule, state: stateWord(check.state), note };
}

export function checkLine(check: CheckResult): string {
  const { rule, state, note } = checkParts(check);
  return `${rule} · ${state}${note}`;
}
