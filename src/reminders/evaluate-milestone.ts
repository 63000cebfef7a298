import type { Catalog } from '../config/catalog-schema.js';
import type { DateRange, IsoDate } from '../domain/dates.js';
import type { ModelMetrics } from '../warehouse/warehouse.js';
import { type Milestone, type MilestoneCheck, milestoneDate } from './milestone-date.js';

/** Too few samples is its own answer: the numbers exist but say nothing yet (never a PASS). */
export type CheckState = 'PASS' | 'FAIL' | 'TOO_FEW_SAMPLES';

export interface CheckResult {
  metric: MilestoneCheck['metric'];
  /** What the line calls the number: "MAE", "placeholders", "win rate", "ensemble MAE", "graded rows". */
  name: string;
  /** How to show value and threshold: points (two decimals), a count, or a rate (a percentage). */
  unit: 'points' | 'count' | 'rate';
  /** The live number; null when there is nothing to compute it from. */
  value: number | null;
  comparison: '≤' | '≥' | '<';
  threshold: number | null;
  /** What the threshold is, where it is another live number (the champion's win rate). */
  thresholdNote?: string;
  /** The samples the number rests on and the least the check needs. */
  samples: { count: number; min: number; unit: string } | null;
  state: CheckState;
}

export interface MilestoneEvaluation {
  milestoneId: string;
  dueOn: IsoDate;
  window: DateRange;
  /** FAIL if any check fails, else TOO_FEW_SAMPLES if any has too few, else PASS (also with no checks). */
  state: CheckState;
  checks: CheckResult[];
  metrics: ModelMetrics;
}

const compare = (value: number, comparison: CheckResult['comparison'], threshold: number): boolean =>
  comparison === '≤' ? value <= threshold : comparison === '≥' ? value >= threshold : value < threshold;

/** PASS or FAIL on the numbers, unless the samples are fewer than the check needs. */
function judged(result: Omit<CheckResult, 'state'>): CheckResult {
  const { samples, value, threshold, comparison } = result;
  if (samples && samples.count < samples.min) return { ...result, state: 'TOO_FEW_SAMPLES' };
  if (value === null || threshold === null) return { ...result, state: 'TOO_FEW_SAMPLES' };
  return { ...result, state: compare(value, comparison, threshold) ? 'PASS' : 'FAIL' };
}

const rate = (wins: number, picks: number): number | null => (picks === 0 ? null : wins / picks);

function evaluateCheck(check: MilestoneCheck, m: ModelMetrics): CheckResult {
  const { challenger, champion, headToHead, ensemble } = m;
  switch (check.metric) {
    case 'mae':
      return judged({
        metric: 'mae',
        name: 'MAE',
        unit: 'points',
        value: challenger.mae,
        comparison: '≤',
        threshold: check.max,
        samples: { count: challenger.gradedRows, min: check.minSamples, unit: 'graded rows' },
      });
    case 'placeholders':
      return judged({
        metric: 'placeholders',
        name: 'placeholders',
        unit: 'count',
        value: challenger.placeholders,
        comparison: '≤',
        threshold: check.max,
        samples: null,
      });
    case 'head-to-head': {
      const picks = headToHead.overlappingPicks;
      return judged({
        metric: 'head-to-head',
        name: 'win rate',
        unit: 'rate',
        value: rate(headToHead.challengerWins, picks),
        comparison: '≥',
        threshold: rate(headToHead.championWins, picks),
        thresholdNote: champion.system,
        samples: { count: picks, min: check.minOverlappingPicks, unit: 'overlapping picks' },
      });
    }
    case 'ensemble-mae': {
      // Below both systems' MAE: below the better one's.
      const maes = [challenger.mae, champion.mae];
      const best = maes.includes(null) ? null : Math.min(...(maes as number[]));
      return judged({
        metric: 'ensemble-mae',
        name: 'ensemble MAE',
        unit: 'points',
        value: ensemble.mae,
        comparison: '<',
        threshold: best,
        thresholdNote: 'both systems',
        samples: { count: ensemble.rows, min: check.minSamples, unit: 'player-games' },
      });
    }
    case 'graded-rows':
      // The count is the check itself: too few rows is a FAIL, not a lack of samples.
      return judged({
        metric: 'graded-rows',
        name: 'graded rows',
        unit: 'count',
        value: challenger.gradedRows,
        comparison: '≥',
        threshold: check.minRows,
        samples: null,
      });
  }
}

/** Each of the milestone's checks against the live numbers over its window. */
export function evaluateMilestone(
  catalog: Catalog,
  milestone: Milestone,
  metrics: ModelMetrics,
): MilestoneEvaluation {
  const checks = milestone.checks.map((check) => evaluateCheck(check, metrics));
  const states = new Set(checks.map((c) => c.state));
  const state: CheckState = states.has('FAIL')
    ? 'FAIL'
    : states.has('TOO_FEW_SAMPLES')
      ? 'TOO_FEW_SAMPLES'
      : 'PASS';
  return {
    milestoneId: milestone.id,
    dueOn: milestoneDate(catalog, milestone),
    window: metrics.window,
    state,
    checks,
    metrics,
  };
}
