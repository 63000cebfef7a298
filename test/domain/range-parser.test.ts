import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/config/load-catalog.js';
import { isIsoDate, rangeDays } from '../../src/domain/dates.js';
import { BadInputError } from '../../src/domain/errors.js';
import { parseDate, parseRange, RANGE_FORMS, type RangeContext } from '../../src/domain/range-parser.js';

const catalog = loadCatalog(fileURLToPath(new URL('../../config/pipeline.yml', import.meta.url)));
const ctx: RangeContext = {
  today: '2026-11-23',
  seasons: catalog.seasons,
  maxRangeDays: catalog.limits.maxRangeDays,
};

function parse(input: string, context: RangeContext = ctx) {
  return parseRange(input.split(' '), context);
}

function rejection(input: string, context: RangeContext = ctx): BadInputError {
  try {
    parse(input, context);
  } catch (error) {
    if (error instanceof BadInputError) return error;
    throw error;
  }
  throw new Error(`expected "${input}" to be rejected`);
}

describe('parseRange: accepted forms', () => {
  it('reads start..end as one token', () => {
    expect(parse('2024-11-08..2024-11-14')).toEqual({
      range: { start: '2024-11-08', end: '2024-11-14', label: '2024-11-08..2024-11-14' },
      rest: [],
    });
  });

  it('reads two date tokens as start and end and leaves the filter after them', () => {
    expect(parse('2024-11-08 2024-11-14 player_game_summary')).toEqual({
      range: { start: '2024-11-08', end: '2024-11-14', label: '2024-11-08..2024-11-14' },
      rest: ['player_game_summary'],
    });
  });

  it('accepts a spaced .. or the word to between two dates', () => {
    expect(parse('2024-11-08 .. 2024-11-14').range).toEqual(parse('2024-11-08..2024-11-14').range);
    expect(parse('2024-11-08 TO 2024-11-14 3').range).toEqual(parse('2024-11-08..2024-11-14').range);
    expect(parse('2024-11-08 to 2024-11-14 3').rest).toEqual(['3']);
  });

  it('reads a single date as a one-day range', () => {
    expect(parse('2024-11-08 4')).toEqual({
      range: { start: '2024-11-08', end: '2024-11-08', label: '2024-11-08' },
      rest: ['4'],
    });
  });

  it('reads a season id as the whole season, playoffs included', () => {
    expect(parse('2023-24 phase3')).toEqual({
      range: { start: '2023-10-24', end: '2024-06-17', label: 'season 2023-24' },
      rest: ['phase3'],
    });
  });

  it('reads season..season as the first season start to the last season end', () => {
    expect(parse('2022-23..2023-24').range).toEqual({
      start: '2022-10-18',
      end: '2024-06-17',
      label: 'seasons 2022-23..2023-24',
    });
    expect(parse('2022-23 2023-24').range).toEqual(parse('2022-23..2023-24').range);
  });

  it('mixes a season and a date in start..end', () => {
    expect(parse('2024-25..2024-11-14').range).toEqual({
      start: '2024-10-22',
      end: '2024-11-14',
      label: '2024-25..2024-11-14',
    });
  });

  it('reads today and yesterday in any case, naming the date', () => {
    expect(parse('today').range).toEqual({
      start: '2026-11-23',
      end: '2026-11-23',
      label: 'today (2026-11-23)',
    });
    expect(parse('Yesterday gates').range).toEqual({
      start: '2026-11-22',
      end: '2026-11-22',
      label: 'yesterday (2026-11-22)',
    });
    expect(parse('YESTERDAY gates').rest).toEqual(['gates']);
  });

  it('reads last Nd as the N days ending today', () => {
    expect(parse('last 7d')).toEqual({
      range: { start: '2026-11-17', end: '2026-11-23', label: 'last 7d' },
      rest: [],
    });
    expect(parse('last 30d').range).toEqual({ start: '2026-10-25', end: '2026-11-23', label: 'last 30d' });
    expect(parse('last 1d').range).toEqual({ start: '2026-11-23', end: '2026-11-23', label: 'last 1d' });
  });

  it('accepts the one-token, upper-case and spelled-out variants of last Nd', () => {
    const week = { start: '2026-11-17', end: '2026-11-23', label: 'last 7d' };
    for (const input of [
      'last-7d',
      'LAST 7D',
      'Last-7D',
      '7d',
      'last 7',
      'last 7days',
      'last 7 days',
      'last-7',
    ]) {
      expect(parse(`${input} 4`), input).toEqual({ range: week, rest: ['4'] });
    }
  });

  it('reads current as the season running today', () => {
    expect(parse('current')).toEqual({
      range: { start: '2026-10-20', end: '2027-06-20', label: 'current season 2026-27' },
      rest: [],
    });
  });

  it('reads current in the off-season as the season that ended last, and says it ended', () => {
    expect(parse('current', { ...ctx, today: '2026-08-01' }).range).toEqual({
      start: '2025-10-21',
      end: '2026-06-21',
      label: 'current season 2025-26 (ended 2026-06-21)',
    });
  });

  it('reads all as the first season start to today while the last season has not ended', () => {
    expect(parse('ALL').range).toEqual({
      start: '2021-10-19',
      end: '2026-11-23',
      label: 'all seasons to today (2026-11-23)',
    });
  });

  it('reads all as the first season start to the last season end once that has passed', () => {
    expect(parse('all', { ...ctx, today: '2027-06-20' }).range).toEqual({
      start: '2021-10-19',
      end: '2027-06-20',
      label: 'all seasons',
    });
    expect(parse('all', { ...ctx, today: '2028-01-01' }).range.end).toBe('2027-06-20');
  });

  it('rejects all before the first season has started', () => {
    expect(rejection('all', { ...ctx, today: '2021-10-18' }).message).toBe(
      '"all" has nothing yet: today (2021-10-18) is before the first season starts (2021-10-19)',
    );
  });

  it('defaults to the current season when no range is given', () => {
    const current = { start: '2026-10-20', end: '2027-06-20', label: 'current season 2026-27' };
    expect(parseRange([], ctx)).toEqual({ range: current, rest: [] });
    expect(parse('player_game_summary')).toEqual({ range: current, rest: ['player_game_summary'] });
    expect(parse('3')).toEqual({ range: current, rest: ['3'] });
  });

  it('ignores blank tokens and surrounding spaces', () => {
    expect(parseRange(['', ' 2024-11-08 ', '  ', 'x '], ctx)).toEqual({
      range: { start: '2024-11-08', end: '2024-11-08', label: '2024-11-08' },
      rest: ['x'],
    });
  });
});

describe('parseRange: rejected input', () => {
  const cases: [input: string, message: string][] = [
    ['2024-02-30', '2024-02-30 is not a real calendar date'],
    ['2024-13-01..2024-12-01', '2024-13-01 is not a real calendar date'],
    ['2024-11-08 2024-11-31', '2024-11-31 is not a real calendar date'],
    ['2024/11/08', '"2024/11/08" is not a date (YYYY-MM-DD) or a season id'],
    ['20241108', '"20241108" is not a date (YYYY-MM-DD) or a season id'],
    ['2024-12-01..2024-11-01', 'the start 2024-12-01 is after the end 2024-11-01'],
    ['2024-12-01 2024-11-01', 'the start 2024-12-01 is after the end 2024-11-01'],
    ['2024-25..2023-24', 'the start 2024-10-22 is after the end 2024-06-17'],
    [
      '2019-20',
      'unknown season 2019-20 (the catalog has 2021-22, 2022-23, 2023-24, 2024-25, 2025-26, 2026-27)',
    ],
    ['2024-11-08..', '"2024-11-08.." needs one start and one end around ..'],
    ['..2024-11-14', '"..2024-11-14" needs one start and one end around ..'],
    ['2024-11-08..2024-11-10..2024-11-14', 'needs one start and one end around ..'],
    ['2024-11-08 to', '2024-11-08 to needs an end'],
    ['2024-11-08 2024-11-10 2024-11-14', '"2024-11-14" follows a complete range; give at most two dates'],
    ['last', '"last" needs a number of days after it, like last 7d'],
    ['last week', '"last" needs a number of days after it, like last 7d'],
    ['last 0d', 'last 0d: the number of days must be 1 to 2200'],
    ['last-0d', 'last 0d: the number of days must be 1 to 2200'],
    ['last 2201d', 'last 2201d: the number of days must be 1 to 2200'],
    ['last-xd', '"last-xd" is not a last-Nd range'],
    ['last 99999999999999999999d', 'last 999999999999…d: the number of days must be 1 to 2200'],
  ];

  for (const [input, message] of cases) {
    it(`rejects "${input}", saying what is wrong and what is accepted`, () => {
      const error = rejection(input);
      expect(error.code).toBe('BAD_INPUT');
      expect(error.message).toContain(message);
      expect(error.hint).toBe(`Accepted ranges: ${RANGE_FORMS}`);
    });
  }

  it('rejects a range longer than maxRangeDays, naming its length and the limit', () => {
    const error = rejection('2023-24', { ...ctx, maxRangeDays: 30 });
    expect(error.message).toBe('2023-10-24..2024-06-17 is 238 days; the longest accepted range is 30 days');
    expect(error.hint).toBe(`Accepted ranges: ${RANGE_FORMS}`);
  });

  it('rejects all when the seasons together are longer than maxRangeDays', () => {
    expect(rejection('all', { ...ctx, maxRangeDays: 365 }).message).toContain(
      '2021-10-19..2026-11-23 is 1862 days; the longest accepted range is 365 days',
    );
  });

  it('rejects current, and the default, before the first season has started', () => {
    const early = { ...ctx, today: '2021-10-01' };
    const message =
      'there is no current season: today (2021-10-01) is before the first season (2021-22 starts 2021-10-19)';
    expect(rejection('current', early).message).toContain(message);
    expect(() => parseRange([], early)).toThrow(message);
    expect(rejection('current', { ...ctx, seasons: [] }).message).toContain('the catalog has no seasons');
  });

  it('names RANGE_FORMS every accepted form', () => {
    for (const form of [
      '2023-24',
      'current',
      'all',
      '2024-11-08..2024-11-14',
      'today',
      'yesterday',
      'last 7d',
    ]) {
      expect(RANGE_FORMS).toContain(form);
    }
  });
});

describe('parseRange: any input', () => {
  const year = fc.integer({ min: 1990, max: 2035 }).map(String);
  const pad = (n: number) => String(n).padStart(2, '0');
  const dateLike = fc
    .tuple(year, fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
    .map(([y, m, d]) => `${y}-${pad(m)}-${pad(d)}`);
  const seasonLike = fc.integer({ min: 2018, max: 2030 }).map((y) => `${y}-${pad((y + 1) % 100)}`);
  const rangeToken = fc.oneof(
    dateLike,
    seasonLike,
    fc.tuple(fc.oneof(dateLike, seasonLike), fc.oneof(dateLike, seasonLike)).map(([a, b]) => `${a}..${b}`),
    fc.constantFrom('last', 'today', 'yesterday', 'current', 'all', '..', 'to', 'days', 'Last-', '3', 'gaps'),
    fc.integer({ min: -5, max: 5000 }).map((n) => `${n}d`),
    fc.integer({ min: -5, max: 5000 }).map((n) => `last-${n}d`),
  );

  function holds(tokens: string[]): void {
    let parsed: ReturnType<typeof parseRange>;
    try {
      parsed = parseRange(tokens, ctx);
    } catch (error) {
      expect(error).toBeInstanceOf(BadInputError);
      return;
    }
    const { range, rest } = parsed;
    expect(isIsoDate(range.start) && isIsoDate(range.end)).toBe(true);
    expect(range.start <= range.end).toBe(true);
    expect(rangeDays(range)).toBeLessThanOrEqual(ctx.maxRangeDays);
    expect(range.label).not.toBe('');
    expect(rest.length).toBeLessThanOrEqual(tokens.length);
  }

  it('returns a valid range within the limit or throws BadInputError, for arbitrary token arrays', () => {
    fc.assert(fc.property(fc.array(fc.string()), holds), { numRuns: 500 });
  });

  it('returns a valid range within the limit or throws BadInputError, for arbitrary text split on spaces', () => {
    fc.assert(
      fc.property(fc.string(), (text) => holds(text.split(' '))),
      { numRuns: 500 },
    );
  });

  it('returns a valid range within the limit or throws BadInputError, for date-like tokens', () => {
    fc.assert(fc.property(fc.array(rangeToken, { maxLength: 4 }), holds), { numRuns: 1000 });
  });
});

describe('parseDate', () => {
  it('returns a real calendar date, trimmed', () => {
    expect(parseDate(' 2024-11-08', 'start')).toBe('2024-11-08');
  });

  it('rejects an impossible date, naming the argument', () => {
    expect(() => parseDate('2024-02-30', 'start')).toThrow(
      new BadInputError('start 2024-02-30 is not a real calendar date'),
    );
  });

  it('rejects text that is not a date, naming the argument and the format', () => {
    expect(() => parseDate('tomorrow', 'end')).toThrow(
      new BadInputError('end must be a date as YYYY-MM-DD, got "tomorrow"'),
    );
  });
});
