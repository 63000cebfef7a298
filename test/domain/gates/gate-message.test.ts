import { describe, expect, it } from 'vitest';
import { evaluateGate } from '../../../src/domain/gates/evaluate-gate.js';
import { gateCard } from '../../../src/domain/gates/gate-message.js';
import { strong, user } from '../../../src/domain/message.js';
import { catalog, coverage, evidence, rangeOf } from './gate-world.js';

const G = ['2023-11-01', '2023-11-02', '2023-11-04'];

describe('gateCard', () => {
  const result = evaluateGate(
    catalog,
    '1',
    evidence(coverage(G, { player_game_summary: ['2023-11-01', '2023-11-04'] })),
    rangeOf(G),
  );

  it('shows the verdict in the header, one toned line per check and the rule in context', () => {
    const card = gateCard(result, { rangeLabel: 'season 2021-22', requestedBy: user('U123', 'ops') });
    expect(card.summary).toBe('Gate 1 FAIL: 1 of 4 checks fail (player_game_summary)');
    expect(card.tone).toBe('bad');
    expect(card.blocks).toEqual([
      { kind: 'header', text: 'Gate 1 · season 2021-22 · FAIL' },
      {
        kind: 'text',
        text: [strong('FAIL'), ' ', 'player_game_summary 2/3 (66.6%); 1 date missing: 2023-11-02'],
        tone: 'bad',
      },
      { kind: 'text', text: [strong('PASS'), ' ', 'team_defense_game_summary 3/3 (100%)'], tone: 'good' },
      { kind: 'text', text: [strong('PASS'), ' ', 'team_offense_game_summary 3/3 (100%)'], tone: 'good' },
      {
        kind: 'text',
        text: [strong('INFO'), ' ', 'upcoming_player_game_context 3/3 (100%), expected partial: not gated'],
        tone: 'neutral',
      },
      {
        kind: 'text',
        text: [strong('PASS'), ' ', 'upcoming_team_game_context 3/3 (100%), optional'],
        tone: 'good',
      },
      {
        kind: 'context',
        text: [
          'Rule: Phase 3 complete at 100% of expected dates (bootstrap days excluded) · 2023-11-01..2023-11-04',
          ' · requested by ',
          { kind: 'user', id: 'U123', handle: 'ops' },
        ],
      },
    ]);
  });

  it('puts an evidence note under the header as a warning and has no buttons', () => {
    const card = gateCard(result, {
      rangeLabel: 'season 2021-22',
      evidenceNote: 'Evidence changed since this card was posted: player_game_summary present 2 → 3',
    });
    expect(card.blocks[1]).toEqual({
      kind: 'text',
      text: 'Evidence changed since this card was posted: player_game_summary present 2 → 3',
      tone: 'warn',
    });
    expect(card.blocks.some((b) => b.kind === 'actions')).toBe(false);
    expect(card.blocks.at(-1)).toEqual({
      kind: 'context',
      text: 'Rule: Phase 3 complete at 100% of expected dates (bootstrap days excluded) · 2023-11-01..2023-11-04',
    });
  });
});
