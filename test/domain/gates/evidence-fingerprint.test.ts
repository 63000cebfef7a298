import { describe, expect, it } from 'vitest';
import { compareEvidence } from '../../../src/domain/gates/compare-evidence.js';
import {
  type EvidenceSummary,
  fingerprintEvidence,
  summarizeEvidence,
} from '../../../src/domain/gates/evidence-fingerprint.js';
import { fnv1a64 } from '../../../src/domain/gates/fnv1a64.js';
import type { GateEvidence } from '../../../src/domain/gates/gate-evidence.js';
import { gateRule } from '../../../src/domain/gates/gate-rule.js';
import { gateTables, scopeEvidence } from '../../../src/domain/gates/scope-evidence.js';
import { catalog, coverage, days, evidence, failures, fullCoverage, quality, without } from './gate-world.js';

const D = days(3);

function world(): GateEvidence {
  return evidence(coverage(D, { player_game_summary: without(D, '2023-11-02') }), {
    quality: quality({ good: 40, poor: 2 }),
    failures: failures([
      {
        processor: 'PlayerDailyCacheProcessor',
        date: '2023-11-01',
        errors: 'DependencyError: upstream missing',
      },
      {
        processor: 'PlayerDailyCacheProcessor',
        date: '2023-11-02',
        errors: 'DependencyError: upstream gone',
      },
      { processor: 'MLFeatureStoreProcessor', errors: 'KeyError: x', latestStatus: 'success' },
    ]),
    playerCoverage: fullCoverage(D),
    newestModification: '2026-11-20T08:00:00Z',
  });
}

const reversed = <T>(list: T[]): T[] => [...list].reverse();

describe('fnv1a64', () => {
  it('matches the published FNV-1a 64-bit test vectors', () => {
    expect(fnv1a64('')).toBe('cbf29ce484222325');
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64('foobar')).toBe('85944171f73967e8');
  });
});

describe('summarizeEvidence', () => {
  it('keeps counts per table, open failures per processor and class, and coverage sums', () => {
    const summary = summarizeEvidence(world());
    expect(summary.tables['nba_analytics.player_game_summary']).toEqual({ present: 2, expected: 3 });
    expect(summary.quality['nba_precompute.player_daily_cache']).toEqual({
      degraded: 0,
      good: 40,
      ok: 0,
      poor: 2,
    });
    expect(summary.openFailures).toEqual({ 'PlayerDailyCacheProcessor/DependencyError': 2 });
    expect(summary.playerCoverage).toEqual({ days: 3, expectedPlayers: 78, actualPlayers: 78 });
    expect(summary.newestModification).toBe('2026-11-20T08:00:00.000Z');
  });
});

describe('fingerprintEvidence', () => {
  const base = fingerprintEvidence(world());

  it('is a named 64-bit hex digest', () => {
    expect(base).toMatch(/^fnv1a64:[0-9a-f]{16}$/);
  });

  it('does not depend on the order the facts arrived in', () => {
    const w = world();
    const shuffled: GateEvidence = {
      ...w,
      phases: reversed(w.phases).map((p) => ({ ...p, tables: reversed(p.tables) })),
      quality: reversed(w.quality).map((q) => ({ ...q, buckets: reversed(q.buckets) })),
      failures: reversed(w.failures),
      playerCoverage: reversed(w.playerCoverage),
    };
    expect(fingerprintEvidence(shuffled)).toBe(base);
  });

  it('treats one instant written two ways as the same evidence', () => {
    expect(fingerprintEvidence({ ...world(), newestModification: '2026-11-20T08:00:00.000+00:00' })).toBe(
      base,
    );
  });

  const changes: [string, (w: GateEvidence) => GateEvidence][] = [
    ['a present count', (w) => ({ ...w, phases: coverage(D, { player_game_summary: D }) })],
    ['an open failure count', (w) => ({ ...w, failures: w.failures.slice(1) })],
    ['a quality bucket', (w) => ({ ...w, quality: quality({ good: 41, poor: 1 }) })],
    [
      'player coverage',
      (w) => ({
        ...w,
        playerCoverage: w.playerCoverage.map((d, i) => (i ? d : { ...d, actual: 20, pct: 76.9 })),
      }),
    ],
    ['the newest modification', (w) => ({ ...w, newestModification: '2026-11-23T09:30:00Z' })],
    ['an unknown modification time', (w) => ({ ...w, newestModification: null })],
  ];
  it.each(changes)('changes when %s changes', (_, change) => {
    expect(fingerprintEvidence(change(world()))).not.toBe(base);
  });
});

describe('compareEvidence', () => {
  it('finds no change between equal evidence', () => {
    expect(compareEvidence(summarizeEvidence(world()), summarizeEvidence(world()))).toEqual({
      changed: false,
      differences: [],
    });
  });

  it('names every counted fact that changed, before → after', () => {
    const before = summarizeEvidence(world());
    const after = summarizeEvidence({
      ...world(),
      phases: coverage(D),
      quality: quality({ good: 42 }),
      failures: [],
      playerCoverage: [...fullCoverage(D), { date: '2023-11-04', expected: 26, actual: 13, pct: 50 }],
      newestModification: '2026-11-23T09:30:00Z',
    });
    expect(compareEvidence(before, after)).toEqual({
      changed: true,
      differences: [
        'player_game_summary present 2 → 3',
        'player_daily_cache quality good 40 → 42',
        'player_daily_cache quality poor 2 → 0',
        'open failures PlayerDailyCacheProcessor/DependencyError 2 → 0',
        'player coverage dates 3 → 4',
        'player coverage players 78/78 → 91/104',
        'newest modification 2026-11-20T08:00:00.000Z → 2026-11-23T09:30:00.000Z',
      ],
    });
  });

  it('names tables that entered or left the evidence and an unknown modification time', () => {
    const before = summarizeEvidence(world());
    const after: EvidenceSummary = {
      ...before,
      tables: { ...before.tables, 'nba_x.new_table': { present: 1, expected: 3 } },
      newestModification: null,
    };
    delete after.tables['nba_raw.bdl_player_boxscores'];
    expect(compareEvidence(before, after).differences).toEqual([
      'bdl_player_boxscores no longer in the evidence (was 3/3 present)',
      'new_table added: 1/3 present',
      'newest modification 2026-11-20T08:00:00.000Z → unknown',
    ]);
  });

  it('reads a summary stored as JSON the same as a fresh one', () => {
    const fresh = summarizeEvidence(world());
    const stored = JSON.parse(JSON.stringify(fresh)) as EvidenceSummary;
    expect(compareEvidence(stored, fresh).changed).toBe(false);
  });
});

describe('scopeEvidence', () => {
  it('keeps a Gate 1 fingerprint when only Phase 4 and its quality change', () => {
    const rule = gateRule(catalog, '1');
    const before = scopeEvidence(catalog, rule, world());
    const phase4Written = scopeEvidence(catalog, rule, {
      ...world(),
      phases: coverage(D, { player_game_summary: without(D, '2023-11-02'), player_daily_cache: [] }),
      quality: quality({ good: 99 }),
    });
    expect(fingerprintEvidence(phase4Written)).toBe(fingerprintEvidence(before));
    expect(before.phases.map((p) => p.phase)).toEqual([3]);
    expect([before.quality, before.failures, before.playerCoverage]).toEqual([[], [], []]);
  });

  it('keeps everything the end-to-end gate reads', () => {
    const scoped = scopeEvidence(catalog, gateRule(catalog, '3'), world());
    expect(scoped.phases.map((p) => p.phase)).toEqual([2, 3, 4, 5]);
    expect(scoped.failures).toHaveLength(3);
    expect(scoped.playerCoverage).toHaveLength(3);
  });

  it('names the tables whose coverage and modification time a gate reads', () => {
    expect(gateTables(catalog, gateRule(catalog, '1')).map((t) => t.table)).toEqual([
      'player_game_summary',
      'team_defense_game_summary',
      'team_offense_game_summary',
      'upcoming_player_game_context',
      'upcoming_team_game_context',
    ]);
  });
});
