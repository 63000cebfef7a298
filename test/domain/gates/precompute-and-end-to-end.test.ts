import { describe, expect, it } from 'vitest';
import { evaluateGate } from '../../../src/domain/gates/evaluate-gate.js';
import type { GateEvidence } from '../../../src/domain/gates/gate-evidence.js';
import { catalog, coverage, days, evidence, failures, fullCoverage, quality, rangeOf } from './gate-world.js';

// Season 2023-24 opens 2023-10-24: its bootstrap window is 10-24..10-30.
const EXPECTED = ['2023-10-24', '2023-10-25', '2023-10-31', '2023-11-01'];
const AFTER_BOOTSTRAP = ['2023-10-31', '2023-11-01'];
const PHASE4_PRESENT = Object.fromEntries(
  catalog.tables.filter((t) => t.phase >= 4).map((t) => [t.table, AFTER_BOOTSTRAP]),
);
const check = (result: ReturnType<typeof evaluateGate>, name: string) =>
  result.checks.find((c) => c.name === name);

describe('Gate 2: Phase 4 complete except bootstrap days', () => {
  const gate2 = (present: Record<string, string[]>, extra: Partial<GateEvidence> = {}) =>
    evaluateGate(catalog, '2', evidence(coverage(EXPECTED, present), extra), rangeOf(EXPECTED));

  it('does not count bootstrap days and shows the quality distribution', () => {
    const result = gate2(PHASE4_PRESENT, { quality: quality({ good: 80, ok: 12, degraded: 5, poor: 3 }) });
    expect(result.verdict).toBe('PASS');
    expect(check(result, 'player_daily_cache')?.detail).toBe('player_daily_cache 2/2 (100%)');
    expect(result.checks.filter((c) => c.kind === 'info')).toEqual([
      {
        name: 'bootstrap days',
        verdict: 'PASS',
        detail: '2 bootstrap days not counted: 2023-10-24..2023-10-25 (2)',
        kind: 'info',
      },
      {
        name: 'quality',
        verdict: 'PASS',
        detail: 'quality of 100 rows in 5 tables: good 80% · ok 12% · degraded 5% · poor 3%',
        kind: 'info',
      },
    ]);
    expect(result.summary).toBe('Gate 2 PASS: all 5 checks pass');
  });

  it('fails a missing date after the bootstrap window', () => {
    const result = gate2({ ...PHASE4_PRESENT, player_daily_cache: ['2023-10-31'] });
    expect(result.verdict).toBe('FAIL');
    expect(check(result, 'player_daily_cache')?.detail).toBe(
      'player_daily_cache 1/2 (50%); 1 date missing: 2023-11-01',
    );
  });

  it('says when no row has a quality score', () => {
    expect(check(gate2(PHASE4_PRESENT), 'quality')?.detail).toBe('quality: no rows with a quality score');
  });

  it('has nothing to verify in a range of bootstrap days only', () => {
    const bootstrapOnly = EXPECTED.slice(0, 2);
    const result = evaluateGate(catalog, '2', evidence(coverage(bootstrapOnly, {})), rangeOf(bootstrapOnly));
    expect(result.verdict).toBe('WARN');
    expect(result.checks.map((c) => c.detail)).toEqual([
      'nothing to verify: only 2 bootstrap days in 2023-10-24..2023-10-25',
    ]);
  });
});

describe('Gate 3: end to end', () => {
  const D = days(3);
  const gate3 = (extra: Partial<GateEvidence> = {}, present: Record<string, string[]> = {}) =>
    evaluateGate(
      catalog,
      '3',
      evidence(coverage(D, present), { playerCoverage: fullCoverage(D), ...extra }),
      rangeOf(D),
    );

  it('passes when every phase is complete, coverage is high and nothing is open', () => {
    const result = gate3();
    expect(result.verdict).toBe('PASS');
    expect(result.checks.map((c) => `${c.verdict} ${c.detail}`)).toEqual([
      'PASS Phase 2 raw 3/3 (100%) dates complete',
      'PASS Phase 3 analytics 3/3 (100%) dates complete',
      'PASS Phase 4 precompute 3/3 (100%) dates complete',
      'PASS Phase 5 predictions 3/3 (100%) dates complete',
      'PASS player coverage ≥ 90% on all 3 dates (lowest 100%)',
      'PASS open PROCESSING_ERROR: none',
    ]);
    expect(result.rule).toBe(
      'Phases 2, 3, 4, 5 complete at 100% of expected dates (bootstrap days excluded); ' +
        'player coverage ≥ 90%; no open PROCESSING_ERROR',
    );
  });

  it('fails an incomplete phase and names the tables with gaps', () => {
    const result = gate3({}, { player_game_summary: ['2023-11-01', '2023-11-03'] });
    expect(result.verdict).toBe('FAIL');
    expect(check(result, 'Phase 3 analytics')?.detail).toBe(
      'Phase 3 analytics 2/3 (66.6%) dates complete; 1 date missing: 2023-11-02; gaps in player_game_summary',
    );
  });

  it('fails when player coverage is below 90% on some date', () => {
    const low = { date: '2023-11-02', expected: 26, actual: 20, pct: 76.9 };
    const result = gate3({ playerCoverage: fullCoverage(D).map((d) => (d.date === low.date ? low : d)) });
    expect(result.verdict).toBe('FAIL');
    expect(check(result, 'player coverage')?.detail).toBe(
      'player coverage below 90% on 1 of 3 dates: 2023-11-02 (lowest 76.9%)',
    );
    expect(result.summary).toBe('Gate 3 FAIL: 1 of 6 checks fail (player coverage)');
  });

  it('ignores player coverage on bootstrap days', () => {
    const result = evaluateGate(
      catalog,
      '3',
      evidence(coverage(EXPECTED, PHASE4_PRESENT), {
        playerCoverage: [
          { date: '2023-10-24', expected: 26, actual: 0, pct: 0 },
          ...fullCoverage(AFTER_BOOTSTRAP),
        ],
      }),
      rangeOf(EXPECTED),
    );
    expect(check(result, 'player coverage')?.detail).toBe(
      'player coverage ≥ 90% on all 2 dates (lowest 100%)',
    );
    expect(check(result, 'Phase 4 precompute')?.detail).toBe(
      'Phase 4 precompute 2/2 (100%) dates complete, 2 bootstrap days not counted',
    );
    expect(result.verdict).toBe('PASS');
  });

  it('warns when no player coverage was recorded', () => {
    const result = gate3({ playerCoverage: [] });
    expect(result.verdict).toBe('WARN');
    expect(check(result, 'player coverage')?.detail).toBe(
      'player coverage: no dates recorded, ≥ 90% unverified',
    );
  });

  it('fails on an open PROCESSING_ERROR, the catalog catch-all class', () => {
    const result = gate3({
      failures: failures([
        { date: '2023-11-01', errors: 'KeyError: player_lookup' },
        { date: '2023-11-02', errors: 'KeyError: player_lookup' },
        { processor: 'MLFeatureStoreProcessor', errors: 'ValueError: NaN in feature 12' },
      ]),
    });
    expect(result.verdict).toBe('FAIL');
    expect(check(result, 'open PROCESSING_ERROR')).toEqual({
      name: 'open PROCESSING_ERROR',
      verdict: 'FAIL',
      detail:
        'open PROCESSING_ERROR: 3 processor-dates (PlayerDailyCacheProcessor 2, MLFeatureStoreProcessor 1). ' +
        'Investigate the error before re-running.',
      kind: 'rule',
    });
  });

  it('passes a PROCESSING_ERROR that a later run resolved', () => {
    const result = gate3({
      failures: failures([{ errors: 'KeyError: player_lookup', latestStatus: 'success' }]),
    });
    expect(result.verdict).toBe('PASS');
    expect(check(result, 'open PROCESSING_ERROR')?.detail).toBe('open PROCESSING_ERROR: none');
  });

  it('only warns about open INSUFFICIENT_DATA, expected early in a season', () => {
    const result = gate3({
      failures: failures([
        {
          processor: 'PlayerCompositeFactorsProcessor',
          date: '2023-11-01',
          errors: 'INSUFFICIENT_DATA: 3 of 10',
        },
        {
          processor: 'PlayerCompositeFactorsProcessor',
          date: '2023-11-02',
          errors: 'INSUFFICIENT_DATA: 5 of 10',
        },
      ]),
    });
    expect(result.verdict).toBe('WARN');
    expect(result.checks.slice(-2).map((c) => `${c.verdict} ${c.detail}`)).toEqual([
      'PASS open PROCESSING_ERROR: none',
      'WARN open INSUFFICIENT_DATA: 2 processor-dates (PlayerCompositeFactorsProcessor 2). ' +
        'Expected in the first weeks of a season; re-run once more history exists.',
    ]);
    expect(result.summary).toBe('Gate 3 WARN: 1 check to review (open INSUFFICIENT_DATA)');
  });

  it('only warns about an open DependencyError: its fix is the upstream backfill', () => {
    const result = gate3({
      failures: failures([{ errors: 'DependencyError: upstream player_composite_factors missing' }]),
    });
    expect(result.verdict).toBe('WARN');
    expect(check(result, 'open DependencyError')?.verdict).toBe('WARN');
  });
});
