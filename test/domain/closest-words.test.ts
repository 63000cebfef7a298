import { describe, expect, it } from 'vitest';
import { closestWords, editDistance } from '../../src/domain/closest-words.js';

const COMMANDS = [
  'status',
  'gaps',
  'plan',
  'failures',
  'runs',
  'quality',
  'gate',
  'rerun',
  'report',
  'remind',
];

describe('edit distance', () => {
  it.each([
    ['status', 'status', 0],
    ['stauts', 'status', 1],
    ['statu', 'status', 1],
    ['sttus', 'status', 1],
    ['xstatus', 'status', 1],
    ['gpas', 'gaps', 1],
    ['kitten', 'sitting', 3],
    ['', 'gate', 4],
  ] as const)('counts %s → %s as %i edits (a swap of neighbours is one)', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

describe('closest words', () => {
  it('names status for stauts', () => {
    expect(closestWords('stauts', COMMANDS)).toEqual(['status']);
  });

  it('names nothing for a word that is no slip', () => {
    expect(closestWords('frobnicate', COMMANDS)).toEqual([]);
  });

  it('compares without case and returns the candidate as written', () => {
    expect(closestWords('STAUTS', COMMANDS)).toEqual(['status']);
    expect(closestWords('playergamesummaryprocesor', ['PlayerGameSummaryProcessor'])).toEqual([
      'PlayerGameSummaryProcessor',
    ]);
  });

  it('orders the nearest first, ties in the candidates’ order, and keeps to the limit', () => {
    expect(closestWords('gat', COMMANDS)).toEqual(['gate', 'gaps']);
    expect(closestWords('gat', COMMANDS, { limit: 1 })).toEqual(['gate']);
  });

  it('does not match a word of one or two letters to every short name', () => {
    expect(closestWords('x', ['a', 'b'])).toEqual([]);
    expect(closestWords('ab', ['cd', 'ef'])).toEqual([]);
    expect(closestWords('ru', COMMANDS)).toEqual([]);
    expect(closestWords('rns', COMMANDS)).toEqual(['runs']);
  });

  it('takes a tighter or looser limit on edits', () => {
    expect(closestWords('stts', COMMANDS)).toEqual(['status']);
    expect(closestWords('stts', COMMANDS, { maxDistance: 1 })).toEqual([]);
  });
});
