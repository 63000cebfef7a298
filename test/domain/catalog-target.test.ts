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

  const refusal = (word: string, kinds: Parameters<typeof resolveTarget>[2]): BadInputError => {
    try {
      resolveTarget(catalog, word, kinds);
    } catch (e) {
      return e as BadInputError;
    }
    throw new Error(`"${word}" resolved`);
  };

  it('names the one close name for a slip', () => {
    const error = refusal('player_game_sumary', ['phase', 'table']);
    expect(error).toBeInstanceOf(BadInputError);
    expect(error.message).toBe('unknown phase or table "player_game_sumary"');
    expect(error.hint).toBe('Did you mean player_game_summary?');
    expect(refusal('analytcs', ['phase', 'table']).hint).toBe('Did you mean analytics?');
    expect(refusal('PlayerGameSumaryProcessor', ['phase', 'processor']).hint).toBe(
      'Did you mean PlayerGameSummaryProcessor?',
    );
  });

  it('lists at most five close names, the part of a name included', () => {
    expect(refusal('summary', ['phase', 'table']).hint).toBe(
      'Did you mean one of: player_game_summary, team_defense_game_summary, team_offense_game_summary?',
    );
    const processors = refusal('processor', ['processor']).hint ?? '';
    expect(processors).toMatch(/^Did you mean one of: /);
    expect(processors.split(', ')).toHaveLength(5);
  });

  it('names the kinds accepted with a short sample when nothing is close, not every name', () => {
    expect(refusal('phase9', ['phase', 'table']).hint).toBe(
      'Accepted phases: 2 (raw), 3 (analytics), 4 (precompute), 5 (predictions); ' +
        'tables (14), e.g. nbac_team_boxscore, player_game_summary, team_defense_zone_analysis, player_prop_predictions.',
    );
    expect(refusal('NoSuchProcessor', ['phase', 'processor']).hint).toBe(
      'Accepted phases: 2 (raw), 3 (analytics), 4 (precompute), 5 (predictions); ' +
        'processors (14) or the table one writes, e.g. NbacTeamBoxscoreProcessor, PlayerGameSummaryProcessor, ' +
        'TeamDefenseZoneAnalysisProcessor, PredictionWorkerProcessor.',
    );
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
