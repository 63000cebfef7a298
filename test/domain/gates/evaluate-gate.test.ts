import { describe, expect, it } from 'vitest';
import { BackfillError, BadInputError } from '../../../src/domain/errors.js';
import { evaluateGate } from '../../../src/domain/gates/evaluate-gate.js';
import type { GateEvidence } from '../../../src/domain/gates/gate-evidence.js';
import { catalog, coverage, days, evidence, rangeOf, without } from './gate-world.js';

const D = days(100);
const at = (i: number) => D[i] ?? '';
const gate0 = (present: Record<string, string[]>) =>
  evaluateGate(catalog, '0', evidence(coverage(D, present)), rangeOf(D));
const check = (result: ReturnType<typeof evaluateGate>, name: string) =>
  result.checks.find((c) => c.name === name);

describe('Gate 0: Phase 2 against proceed (99%) and fix-first (95%)', () => {
  it('passes when every critical table is at or above 99%', () => {
    const result = gate0({ nbac_team_boxscore: without(D, at(50)) });
    expect(result.verdict).toBe('PASS');
    expect(result.checks).toEqual([
      {
        name: 'nbac_team_boxscore',
        verdict: 'PASS',
        detail: 'nbac_team_boxscore 99/100 (99%), at or above 99%: proceed',
        kind: 'rule',
      },
      {
        name: 'nbac_gamebook_player_stats',
        verdict: 'PASS',
        detail: 'nbac_gamebook_player_stats 100/100 (100%), at or above 99%: proceed',
        kind: 'rule',
      },
      {
        name: 'bdl_player_boxscores',
        verdict: 'PASS',
        detail: 'bdl_player_boxscores 100/100 (100%), optional',
        kind: 'rule',
      },
    ]);
    expect(result.summary).toBe('Gate 0 PASS: all 3 checks pass');
    expect(result).toMatchObject({ gate: '0', phase: 2, range: { start: '2023-11-01', end: '2024-02-08' } });
  });

  it('warns when a critical table is between 95% and 99%', () => {
    const result = gate0({ nbac_team_boxscore: without(D, at(10), at(11), at(12), at(13)) });
    expect(result.verdict).toBe('WARN');
    expect(check(result, 'nbac_team_boxscore')).toMatchObject({
      verdict: 'WARN',
      detail: 'nbac_team_boxscore 96/100 (96%), below 99%; 4 dates missing: 2023-11-11..2023-11-14 (4)',
    });
    expect(result.summary).toBe('Gate 0 WARN: 1 check to review (nbac_team_boxscore)');
  });

  it('warns, not fails, at exactly 95%', () => {
    const result = gate0({ nbac_team_boxscore: D.slice(5) });
    expect(check(result, 'nbac_team_boxscore')?.verdict).toBe('WARN');
  });

  it('fails a critical table below 95%: fix first', () => {
    const result = gate0({ nbac_gamebook_player_stats: D.slice(6) });
    expect(result.verdict).toBe('FAIL');
    expect(check(result, 'nbac_gamebook_player_stats')).toMatchObject({
      verdict: 'FAIL',
      detail:
        'nbac_gamebook_player_stats 94/100 (94%), below 95%: fix first; 6 dates missing: 2023-11-01..2023-11-06 (6)',
    });
    expect(result.summary).toBe('Gate 0 FAIL: 1 of 3 checks fail (nbac_gamebook_player_stats)');
  });

  it('only warns when only an optional table is low: document and proceed', () => {
    const result = gate0({ bdl_player_boxscores: D.slice(50) });
    expect(result.verdict).toBe('WARN');
    expect(check(result, 'bdl_player_boxscores')).toMatchObject({
      verdict: 'WARN',
      detail:
        'bdl_player_boxscores 50/100 (50%), optional, below 99%: document and proceed; ' +
        '50 dates missing: 2023-11-01..2023-12-20 (50)',
    });
    expect(result.checks.filter((c) => c.verdict !== 'PASS').map((c) => c.name)).toEqual([
      'bdl_player_boxscores',
    ]);
  });

  it('fails when a critical table fails even if another only warns', () => {
    const result = gate0({ nbac_team_boxscore: D.slice(3), nbac_gamebook_player_stats: D.slice(10) });
    expect(result.checks.map((c) => c.verdict)).toEqual(['WARN', 'FAIL', 'PASS']);
    expect(result.verdict).toBe('FAIL');
  });
});

// 2023-11-03 has no game.
const G = ['2023-11-01', '2023-11-02', '2023-11-04'];
const gate1 = (present: Record<string, string[]>, extra: Partial<GateEvidence> = {}) =>
  evaluateGate(catalog, '1', evidence(coverage(G, present), extra), rangeOf(G));

describe('Gate 1: Phase 3 complete for the range', () => {
  it('passes a complete range and shows the expected-partial table as info', () => {
    const result = gate1({ upcoming_player_game_context: ['2023-11-04'] });
    expect(result.verdict).toBe('PASS');
    expect(result.checks.map((c) => [c.name, c.verdict, c.kind])).toEqual([
      ['player_game_summary', 'PASS', 'rule'],
      ['team_defense_game_summary', 'PASS', 'rule'],
      ['team_offense_game_summary', 'PASS', 'rule'],
      ['upcoming_player_game_context', 'PASS', 'info'],
      ['upcoming_team_game_context', 'PASS', 'rule'],
    ]);
    expect(check(result, 'upcoming_player_game_context')?.detail).toBe(
      'upcoming_player_game_context 1/3 (33.3%), expected partial: not gated',
    );
    expect(result.rule).toBe('Phase 3 complete at 100% of expected dates (bootstrap days excluded)');
  });

  it('fails when one date is missing and names it', () => {
    const result = gate1({ player_game_summary: without(G, '2023-11-02') });
    expect(result.verdict).toBe('FAIL');
    expect(check(result, 'player_game_summary')).toEqual({
      name: 'player_game_summary',
      verdict: 'FAIL',
      detail: 'player_game_summary 2/3 (66.6%); 1 date missing: 2023-11-02',
      kind: 'rule',
    });
    expect(result.summary).toBe('Gate 1 FAIL: 1 of 4 checks fail (player_game_summary)');
  });

  it('joins missing dates across days without games when the expected dates are given', () => {
    const present = { player_game_summary: ['2023-11-01'] };
    expect(check(gate1(present), 'player_game_summary')?.detail).toBe(
      'player_game_summary 1/3 (33.3%); 2 dates missing: 2023-11-02, 2023-11-04',
    );
    expect(check(gate1(present, { expectedDates: G }), 'player_game_summary')?.detail).toBe(
      'player_game_summary 1/3 (33.3%); 2 dates missing: 2023-11-02..2023-11-04 (2)',
    );
  });

  it('fails one missing date in 2,000 although the rounded percent shows 100%', () => {
    const many = days(2000, '2021-10-19');
    const phases = coverage(many, { team_offense_game_summary: many.slice(1) });
    expect(
      phases.find((p) => p.phase === 3)?.tables.find((t) => t.table === 'team_offense_game_summary')?.pct,
    ).toBe(100);
    const result = evaluateGate(catalog, '1', evidence(phases), rangeOf(many));
    expect(check(result, 'team_offense_game_summary')).toMatchObject({
      verdict: 'FAIL',
      detail: 'team_offense_game_summary 1999/2000 (99.9%); 1 date missing: 2021-10-19',
    });
  });

  it('only warns when an optional table is incomplete', () => {
    const result = gate1({ upcoming_team_game_context: ['2023-11-01'] });
    expect(result.verdict).toBe('WARN');
    expect(check(result, 'upcoming_team_game_context')?.detail).toBe(
      'upcoming_team_game_context 1/3 (33.3%), optional, below 100%: document and proceed; ' +
        '2 dates missing: 2023-11-02, 2023-11-04',
    );
  });

  it('warns that there is nothing to verify when no date is expected', () => {
    const result = evaluateGate(
      catalog,
      '1',
      evidence(coverage([], {}, { start: '2023-07-01', end: '2023-07-31' })),
      { start: '2023-07-01', end: '2023-07-31' },
    );
    expect(result.verdict).toBe('WARN');
    expect(result.checks).toEqual([
      {
        name: 'expected dates',
        verdict: 'WARN',
        detail: 'nothing to verify: no expected dates in 2023-07-01..2023-07-31',
        kind: 'rule',
      },
    ]);
    expect(result.summary).toBe(
      'Gate 1 WARN: nothing to verify: no expected dates in 2023-07-01..2023-07-31',
    );
  });
});

describe('unknown gates and incomplete evidence', () => {
  it('refuses an unknown gate and lists the catalog gates', () => {
    const call = () => evaluateGate(catalog, '7', evidence(coverage(G)), rangeOf(G));
    expect(call).toThrow(BadInputError);
    expect(call).toThrow('unknown gate "7"');
    try {
      call();
    } catch (error) {
      expect((error as BadInputError).hint).toBe(
        "The catalog's gates are 0, 1, 2, 3, e.g. `gate 0 2023-24`.",
      );
    }
  });

  it('treats evidence without the gate phase as a bug, not as a gap', () => {
    const phase2Only = coverage(G).filter((p) => p.phase === 2);
    const call = () => evaluateGate(catalog, '1', evidence(phase2Only), rangeOf(G));
    expect(call).toThrow(BackfillError);
    expect(call).toThrow('Gate 1 evidence has no coverage for Phase 3');
  });
});
