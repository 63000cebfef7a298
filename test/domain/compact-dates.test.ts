import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compactDates, type DateRun, formatRuns } from '../../src/domain/compact-dates.js';
import { addDays, daysBetween } from '../../src/domain/dates.js';

describe('compactDates by calendar day', () => {
  it('groups consecutive days into runs and counts them', () => {
    expect(compactDates(['2021-11-02', '2021-11-03', '2021-11-04', '2021-11-09', '2022-01-14'])).toEqual([
      { start: '2021-11-02', end: '2021-11-04', count: 3 },
      { start: '2021-11-09', end: '2021-11-09', count: 1 },
      { start: '2022-01-14', end: '2022-01-14', count: 1 },
    ]);
  });

  it('sorts and de-duplicates its input first', () => {
    expect(compactDates(['2021-11-04', '2021-11-02', '2021-11-03', '2021-11-02'])).toEqual([
      { start: '2021-11-02', end: '2021-11-04', count: 3 },
    ]);
  });

  it('continues a run across a month and a year end', () => {
    expect(compactDates(['2021-12-31', '2022-01-01', '2022-02-28', '2022-03-01'])).toEqual([
      { start: '2021-12-31', end: '2022-01-01', count: 2 },
      { start: '2022-02-28', end: '2022-03-01', count: 2 },
    ]);
  });

  it('returns no runs for no dates', () => {
    expect(compactDates([])).toEqual([]);
  });
});

describe('compactDates along a sequence of expected dates', () => {
  // Game days around the 2022 All-Star break (no games 2022-02-18..2022-02-23).
  const gameDays = ['2022-02-15', '2022-02-16', '2022-02-17', '2022-02-24', '2022-02-25', '2022-02-26'];

  it('keeps a run of missing game days together across days without games', () => {
    expect(compactDates(['2022-02-16', '2022-02-17', '2022-02-24', '2022-02-25'], gameDays)).toEqual([
      { start: '2022-02-16', end: '2022-02-25', count: 4 },
    ]);
  });

  it('breaks a run where an expected game day in between is present', () => {
    expect(compactDates(['2022-02-15', '2022-02-17', '2022-02-24'], gameDays)).toEqual([
      { start: '2022-02-15', end: '2022-02-15', count: 1 },
      { start: '2022-02-17', end: '2022-02-24', count: 2 },
    ]);
  });

  it('accepts the sequence in any order', () => {
    expect(compactDates(['2022-02-17', '2022-02-24'], [...gameDays].reverse())).toEqual([
      { start: '2022-02-17', end: '2022-02-24', count: 2 },
    ]);
  });

  it('still joins neighbouring calendar days that the sequence does not list', () => {
    expect(compactDates(['2022-02-18', '2022-02-19'], gameDays)).toEqual([
      { start: '2022-02-18', end: '2022-02-19', count: 2 },
    ]);
  });
});

describe('compactDates invariants', () => {
  const date = fc.integer({ min: 0, max: 120 }).map((n) => addDays('2021-10-19', n));

  function checkRuns(dates: string[], runs: DateRun[]): void {
    expect(runs.reduce((sum, r) => sum + r.count, 0)).toBe(new Set(dates).size);
    for (const [i, run] of runs.entries()) {
      expect(run.start <= run.end).toBe(true);
      expect(run.count).toBeLessThanOrEqual(daysBetween(run.start, run.end) + 1);
      const next = runs[i + 1];
      if (next) expect(run.end < next.start).toBe(true);
    }
  }

  it('counts every distinct date once, in ordered, disjoint runs', () => {
    fc.assert(fc.property(fc.array(date), (dates) => checkRuns(dates, compactDates(dates))));
  });

  it('does the same along a sequence that contains the dates', () => {
    fc.assert(
      fc.property(fc.array(date), fc.array(date), (dates, others) => {
        checkRuns(dates, compactDates(dates, [...dates, ...others]));
      }),
    );
  });

  it('never makes more runs along a sequence than by calendar day', () => {
    fc.assert(
      fc.property(fc.array(date), fc.array(date), (dates, others) => {
        expect(compactDates(dates, [...dates, ...others]).length).toBeLessThanOrEqual(
          compactDates(dates).length,
        );
      }),
    );
  });
});

describe('formatRuns', () => {
  const runs = compactDates([
    '2021-11-02',
    '2021-11-03',
    '2021-11-04',
    '2021-11-05',
    '2021-11-06',
    '2021-11-07',
    '2021-11-08',
    '2021-11-09',
    '2022-01-14',
    '2022-02-01',
    '2022-03-01',
    '2022-03-02',
  ]);

  it('prints runs with their count and single dates bare', () => {
    expect(formatRuns(runs)).toBe(
      '2021-11-02..2021-11-09 (8), 2022-01-14, 2022-02-01, 2022-03-01..2022-03-02 (2)',
    );
  });

  it('prints the count of a sequence run, not its calendar span', () => {
    expect(formatRuns(compactDates(['2022-02-17', '2022-02-24'], ['2022-02-17', '2022-02-24']))).toBe(
      '2022-02-17..2022-02-24 (2)',
    );
  });

  it('stops at maxRuns and says how many runs are left out', () => {
    expect(formatRuns(runs, 2)).toBe('2021-11-02..2021-11-09 (8), 2022-01-14, … +2 more');
    expect(formatRuns(runs, 0)).toBe('… +4 more');
  });

  it('prints all runs when there are exactly maxRuns', () => {
    expect(formatRuns(runs, 4)).toBe(formatRuns(runs));
  });

  it('prints none for no runs', () => {
    expect(formatRuns([])).toBe('none');
  });
});
