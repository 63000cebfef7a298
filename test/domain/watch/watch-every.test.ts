import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../../src/domain/errors.js';
import { formatEvery, parseEvery } from '../../../src/domain/watch/watch-every.js';

const refusal = (word: string): unknown => {
  try {
    parseEvery(word);
  } catch (error) {
    return error;
  }
  throw new Error(`every ${word} was accepted`);
};

describe('every <time> of a watch', () => {
  it('takes whole seconds, minutes or hours from 30 s to 6 h', () => {
    expect(['30s', '45s', '5m', '5min', '90m', '1h', '6h', '2H'].map(parseEvery)).toEqual([
      30, 45, 300, 300, 5400, 3600, 21_600, 7200,
    ]);
  });

  it('refuses anything faster than every 30 s, saying what is accepted', () => {
    for (const word of ['29s', '10s', '0m']) {
      expect(() => parseEvery(word)).toThrow(BadInputError);
      expect(() => parseEvery(word)).toThrow(`A watch updates at most every 30 s, not every ${word}`);
    }
    expect(refusal('10s')).toMatchObject({
      code: 'BAD_INPUT',
      hint: 'Accepted: every 30s to every 6h, in s, m or h: every 30s, every 5m, every 1h.',
    });
  });

  it('refuses what is not a time, and slower than every 6 h', () => {
    expect(() => parseEvery('soon')).toThrow('every takes a time like 5m, not "soon"');
    expect(() => parseEvery('1.5h')).toThrow('every takes a time like 5m, not "1.5h"');
    expect(() => parseEvery('5d')).toThrow('every takes a time like 5m, not "5d"');
    expect(() => parseEvery(undefined)).toThrow('every needs a time, e.g. every 5m');
    expect(() => parseEvery('7h')).toThrow('A watch updates at least every 6 h, not every 7h');
  });

  it('writes seconds back as the grammar does', () => {
    expect([30, 90, 300, 3600, 5400, 7200].map(formatEvery)).toEqual(['30s', '90s', '5m', '1h', '90m', '2h']);
  });
});
