import { describe, expect, it } from 'vitest';
import { compactDates } from '../../src/domain/compact-dates.js';

const seasons = [
  { start: '2021-10-19', end: '2022-06-16' },
  { start: '2022-10-18', end: '2023-06-12' },
];

describe('compactDates split at season edges', () => {
  it('splits a run of game days at the off-season, one run per season', () => {
    const gameDays = ['2022-06-13', '2022-06-16', '2022-10-18', '2022-10-19'];
    expect(compactDates(gameDays, gameDays, seasons)).toEqual([
      { start: '2022-06-13', end: '2022-06-16', count: 2 },
      { start: '2022-10-18', end: '2022-10-19', count: 2 },
    ]);
  });

  it('splits neighbouring calendar days where one season ends and the next starts', () => {
    const backToBack = [
      { start: '2022-01-01', end: '2022-01-31' },
      { start: '2022-02-01', end: '2022-02-28' },
    ];
    expect(compactDates(['2022-01-30', '2022-01-31', '2022-02-01'], undefined, backToBack)).toEqual([
      { start: '2022-01-30', end: '2022-01-31', count: 2 },
      { start: '2022-02-01', end: '2022-02-01', count: 1 },
    ]);
  });

  it('keeps off-season dates apart from the seasons around them', () => {
    expect(
      compactDates(['2022-06-16', '2022-06-17', '2022-10-17', '2022-10-18'], undefined, seasons),
    ).toEqual([
      { start: '2022-06-16', end: '2022-06-16', count: 1 },
      { start: '2022-06-17', end: '2022-06-17', count: 1 },
      { start: '2022-10-17', end: '2022-10-17', count: 1 },
      { start: '2022-10-18', end: '2022-10-18', count: 1 },
    ]);
  });

  it('leaves runs inside one season as they were', () => {
    const gameDays = ['2021-11-01', '2021-11-03', '2022-03-01'];
    expect(compactDates(gameDays, gameDays, seasons)).toEqual(compactDates(gameDays, gameDays));
  });
});
