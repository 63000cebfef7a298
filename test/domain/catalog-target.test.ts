import { describe, expect, it } from 'vitest';
import { resolveTarget, targetProcessors, targetTables } from '../../src/domain/catalog-target.js';
import { BadInputError } from '../../src/domain/errors.js';
import { catalog } from '../support/ports.js';

describe('resolving a phase, table or processor word', () => {
  it.each(['3', 'phase3', 'phase_3', 'p3', 'analytics', 'ANALYTICS', 'phase_3_analytics'])(
    'reads %s as Phase 3',
    (word) => {
      const target = resolveTarget(catalog, word, ['phase', 'table']);
      expect(target.kind === 'phase' && target.phase.id).toBe(3);
    },
  );

  it('reads a table by name or dataset.table', () => {
    expect(resolveTarget(catalog, 'player_daily_cache', ['phase', 'table'])).toMatchObject({
      kind: 'table',
      table: { dateColumn: 'cache_date' },
    });
    expect(resolveTarget(catalog, 'nba_precompute.player_daily_cache', ['table'])).toMatchObject({
      kind: 'table',
    });
  });

  it('reads a table name as the processor that writes it where processors are asked for', () => {
    expect(resolveTarget(catalog, 'player_daily_cache', ['phase', 'processor'])).toEqual({
      kind: 'processor',
      processor: 'PlayerDailyCacheProcessor',
    });
  });

  it('lists every accepted name for an unknown word', () => {
    let error: BadInputError | undefined;
    try {
      resolveTarget(catalog, 'phase9', ['phase', 'table']);
    } catch (e) {
      error = e as BadInputError;
    }
    expect(error).toBeInstanceOf(BadInputError);
    expect(error?.message).toBe('unknown phase or table "phase9"');
    expect(error?.hint).toContain('phases: 2 (raw), 3 (analytics), 4 (precompute), 5 (predictions)');
    expect(error?.hint).toContain('ml_feature_store');
  });

  it('expands a phase to its tables and to every processor in its stages', () => {
    const phase4 = resolveTarget(catalog, '4', ['phase']);
    expect(targetTables(catalog, phase4).map((t) => t.table)).toEqual([
      'team_defense_zone_analysis',
      'player_shot_zone_analysis',
      'player_composite_factors',
      'player_daily_cache',
      'ml_feature_store',
    ]);
    expect(targetProcessors(catalog, phase4)).toHaveLength(5);
    expect(targetProcessors(catalog, null)).toBeNull();
  });
});
