import { describe, expect, it } from 'vitest';
import { planRanges, staleWindow } from '../../src/domain/lookback.js';

describe('planRanges', () => {
  it("extends Phase 2-3 by the lookback and keeps Phase 4-5 on the target, as the seeds' example", () => {
    expect(planRanges({ start: '2024-11-08', end: '2024-11-14' }, 30)).toEqual({
      upstream: { start: '2024-10-09', end: '2024-11-14' },
      target: { start: '2024-11-08', end: '2024-11-14' },
    });
  });

  it('plans the same range for both when there is no lookback', () => {
    expect(planRanges({ start: '2024-11-08', end: '2024-11-08' }, 0)).toEqual({
      upstream: { start: '2024-11-08', end: '2024-11-08' },
      target: { start: '2024-11-08', end: '2024-11-08' },
    });
  });

  it('crosses month and year boundaries by calendar days', () => {
    expect(planRanges({ start: '2024-01-10', end: '2024-01-12' }, 30).upstream).toEqual({
      start: '2023-12-11',
      end: '2024-01-12',
    });
  });
});

describe('staleWindow', () => {
  it('covers the changed date and the lookback days after it', () => {
    expect(staleWindow('2024-11-14', 30)).toEqual({ start: '2024-11-14', end: '2024-12-14' });
  });

  it('is the changed date alone without lookback', () => {
    expect(staleWindow('2024-11-14', 0)).toEqual({ start: '2024-11-14', end: '2024-11-14' });
  });

  it('is the inverse of planRanges: a change on the first upstream date makes the target start stale', () => {
    const { upstream, target } = planRanges({ start: '2024-11-08', end: '2024-11-14' }, 30);
    expect(staleWindow(upstream.start, 30).end).toBe(target.start);
  });
});
