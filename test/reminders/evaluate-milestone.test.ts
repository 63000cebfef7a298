import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/config/catalog-schema.js';
import { evaluateMilestone } from '../../src/reminders/evaluate-milestone.js';
import { findMilestone, milestoneDate, milestoneWindow } from '../../src/reminders/milestone-date.js';
import type { ModelMetrics } from '../../src/warehouse/warehouse.js';
import { catalog } from '../support/ports.js';
import { type DemoModels, openDemoModels } from './demo-models.js';
import { type OracleMetrics, oracleMetrics } from './model-metrics-oracle.js';

// Every number of a milestone's evaluation on the demo data, against the oracle's own SQL.
const close = (actual: number | null, expected: number | null) => {
  expect(actual).not.toBeNull();
  expect(actual as number).toBeCloseTo(expected as number, 9);
};

function expectMetricsMatch(metrics: ModelMetrics, oracle: OracleMetrics) {
  expect(metrics.challenger.gradedRows).toBe(oracle.challengerRows);
  close(metrics.challenger.mae, oracle.challengerMae);
  expect(metrics.champion.gradedRows).toBe(oracle.championRows);
  close(metrics.champion.mae, oracle.championMae);
  expect(metrics.challenger.placeholders).toBe(oracle.placeholders);
  expect(metrics.headToHead).toEqual({
    overlappingPicks: oracle.overlappingPicks,
    challengerWins: oracle.challengerWins,
    championWins: oracle.championWins,
  });
  expect(metrics.ensemble.rows).toBe(oracle.ensembleRows);
  close(metrics.ensemble.mae, oracle.ensembleMae);
}

describe('milestone evaluation on the demo warehouse (asOf 2026-02-20, scale 0.2, seed 42)', () => {
  let demo: DemoModels;
  beforeAll(async () => {
    demo = await openDemoModels();
  }, 60_000);
  afterAll(() => demo.close());

  it('dates milestones by date or by offset from the challenger start, and judges the days before', () => {
    const day7 = findMilestone(catalog, 'day-7');
    expect(milestoneDate(catalog, day7)).toBe('2026-01-24');
    expect(milestoneWindow(catalog, day7)).toEqual({ start: '2026-01-17', end: '2026-01-23' });
    const byOffset = { ...day7, date: undefined, offsetDays: 14 };
    expect(milestoneDate(catalog, byOffset)).toBe('2026-01-31');
    // A look before the day stops at yesterday.
    expect(milestoneWindow(catalog, findMilestone(catalog, 'day-60'), '2026-02-19')).toEqual({
      start: '2026-01-17',
      end: '2026-02-19',
    });
  });

  it('day 7: MAE and placeholders over 2026-01-17..2026-01-23 agree with the oracle', async () => {
    const milestone = findMilestone(catalog, 'day-7');
    const window = milestoneWindow(catalog, milestone);
    const { value: metrics, stats } = await demo.warehouse.modelMetrics(window, 'remind');
    expect(stats.roundTrips).toBe(1);
    const oracle = await oracleMetrics(demo.path, window);
    expectMetricsMatch(metrics, oracle);
    expect(oracle.challengerRows).toBeGreaterThanOrEqual(100);
    const evaluation = evaluateMilestone(catalog, milestone, metrics);
    expect(evaluation).toMatchObject({ milestoneId: 'day-7', dueOn: '2026-01-24', window });
    const [mae, placeholders] = evaluation.checks;
    expect(evaluation.checks).toHaveLength(2);
    expect(mae).toMatchObject({
      metric: 'mae',
      comparison: '≤',
      threshold: 4.5,
      samples: { count: oracle.challengerRows, min: 100, unit: 'graded rows' },
      state: (oracle.challengerMae as number) <= 4.5 ? 'PASS' : 'FAIL',
    });
    close(mae?.value ?? null, oracle.challengerMae);
    expect(placeholders).toMatchObject({
      metric: 'placeholders',
      value: oracle.placeholders,
      threshold: 0,
      state: oracle.placeholders === 0 ? 'PASS' : 'FAIL',
    });
    // The demo's first week: MAE about 4.2, no placeholder served yet.
    expect(evaluation.state).toBe('PASS');
  });

  it('day 14: head to head and MAE over 2026-01-17..2026-01-30 agree with the oracle', async () => {
    const milestone = findMilestone(catalog, 'day-14');
    const window = milestoneWindow(catalog, milestone);
    expect(window).toEqual({ start: '2026-01-17', end: '2026-01-30' });
    const { value: metrics } = await demo.warehouse.modelMetrics(window, 'remind');
    const oracle = await oracleMetrics(demo.path, window);
    expectMetricsMatch(metrics, oracle);
    // The day-14 window holds the challenger's first placeholder (2026-01-27); day 14 does not check it.
    expect(oracle.placeholders).toBe(1);
    const evaluation = evaluateMilestone(catalog, milestone, metrics);
    const [mae, h2h] = evaluation.checks;
    close(mae?.value ?? null, oracle.challengerMae);
    expect(mae?.samples?.count).toBe(oracle.challengerRows);
    const challengerRate = oracle.challengerWins / oracle.overlappingPicks;
    const championRate = oracle.championWins / oracle.overlappingPicks;
    expect(h2h).toMatchObject({
      metric: 'head-to-head',
      name: 'win rate',
      comparison: '≥',
      thresholdNote: 'catboost_v8',
      samples: { count: oracle.overlappingPicks, min: 100, unit: 'overlapping picks' },
      state:
        oracle.overlappingPicks < 100 ? 'TOO_FEW_SAMPLES' : challengerRate >= championRate ? 'PASS' : 'FAIL',
    });
    close(h2h?.value ?? null, challengerRate);
    close(h2h?.threshold ?? null, championRate);
    expect(oracle.overlappingPicks).toBeGreaterThanOrEqual(100);
    expect(evaluation.state).toBe(evaluation.checks.some((c) => c.state === 'FAIL') ? 'FAIL' : 'PASS');
  });

  it('day 60 and Q1: ensemble MAE below both systems, and graded rows since the start', async () => {
    const day60 = findMilestone(catalog, 'day-60');
    const window = milestoneWindow(catalog, day60, '2026-02-19');
    const { value: metrics } = await demo.warehouse.modelMetrics(window, 'remind');
    const oracle = await oracleMetrics(demo.path, window);
    expectMetricsMatch(metrics, oracle);
    const [ensemble] = evaluateMilestone(catalog, day60, metrics).checks;
    close(ensemble?.value ?? null, oracle.ensembleMae);
    close(ensemble?.threshold ?? null, Math.min(oracle.challengerMae ?? 0, oracle.championMae ?? 0));
    expect(ensemble?.state).toBe(
      (oracle.ensembleMae as number) < Math.min(oracle.challengerMae ?? 0, oracle.championMae ?? 0)
        ? 'PASS'
        : 'FAIL',
    );
    const [rows] = evaluateMilestone(catalog, findMilestone(catalog, 'q1-end'), metrics).checks;
    expect(rows).toMatchObject({ metric: 'graded-rows', value: oracle.challengerRows, threshold: 1000 });
    expect(rows?.state).toBe(oracle.challengerRows >= 1000 ? 'PASS' : 'FAIL');
  });

  it('says TOO_FEW_SAMPLES with the count, never PASS, when the window holds too few rows', async () => {
    const day1 = { ...findMilestone(catalog, 'day-14'), id: 'day-1', date: undefined, offsetDays: 1 };
    const models = catalog.models as NonNullable<Catalog['models']>;
    const early: Catalog = { ...catalog, models: { ...models, milestones: [day1] } };
    const window = milestoneWindow(early, day1);
    expect(window).toEqual({ start: '2026-01-17', end: '2026-01-17' });
    const { value: metrics } = await demo.warehouse.modelMetrics(window, 'remind');
    const oracle = await oracleMetrics(demo.path, window);
    expectMetricsMatch(metrics, oracle);
    expect(oracle.challengerRows).toBeGreaterThan(0);
    expect(oracle.challengerRows).toBeLessThan(100);
    const evaluation = evaluateMilestone(early, day1, metrics);
    expect(evaluation.checks.map((c) => [c.metric, c.state, c.samples?.count])).toEqual([
      ['mae', 'TOO_FEW_SAMPLES', oracle.challengerRows],
      ['head-to-head', 'TOO_FEW_SAMPLES', oracle.overlappingPicks],
    ]);
    expect(evaluation.state).toBe('TOO_FEW_SAMPLES');
  });
});

describe('milestone checks at their edges', () => {
  const metrics = (over: Partial<ModelMetrics> = {}): ModelMetrics => ({
    window: { start: '2026-01-17', end: '2026-01-23' },
    challenger: { system: 'xgboost_v1', gradedRows: 100, mae: 4.5, placeholders: 0 },
    champion: { system: 'catboost_v8', gradedRows: 100, mae: 4.6 },
    headToHead: { overlappingPicks: 100, challengerWins: 50, championWins: 50 },
    ensemble: { rows: 0, mae: null },
    ...over,
  });

  it('passes a value equal to its threshold, and fails any FAIL over a TOO_FEW_SAMPLES', () => {
    const day14 = findMilestone(catalog, 'day-14');
    expect(evaluateMilestone(catalog, day14, metrics()).checks.map((c) => c.state)).toEqual(['PASS', 'PASS']);
    const worse = metrics({
      challenger: { system: 'xgboost_v1', gradedRows: 100, mae: 4.51, placeholders: 0 },
      headToHead: { overlappingPicks: 99, challengerWins: 60, championWins: 40 },
    });
    const evaluation = evaluateMilestone(catalog, day14, worse);
    expect(evaluation.checks.map((c) => c.state)).toEqual(['FAIL', 'TOO_FEW_SAMPLES']);
    expect(evaluation.state).toBe('FAIL');
  });

  it('has too few samples for an ensemble with no shared player-games and an empty window', () => {
    const day60 = findMilestone(catalog, 'day-60');
    const [ensemble] = evaluateMilestone(catalog, day60, metrics()).checks;
    expect(ensemble).toMatchObject({ value: null, threshold: 4.5, state: 'TOO_FEW_SAMPLES' });
    const empty = metrics({
      challenger: { system: 'xgboost_v1', gradedRows: 0, mae: null, placeholders: 0 },
      headToHead: { overlappingPicks: 0, challengerWins: 0, championWins: 0 },
    });
    const day7 = evaluateMilestone(catalog, findMilestone(catalog, 'day-7'), empty);
    expect(day7.checks.map((c) => [c.state, c.value])).toEqual([
      ['TOO_FEW_SAMPLES', null],
      ['PASS', 0],
    ]);
    expect(day7.state).toBe('TOO_FEW_SAMPLES');
  });
});
