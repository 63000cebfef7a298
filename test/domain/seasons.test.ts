import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CatalogSeason } from '../../src/config/catalog-schema.js';
import { loadCatalog } from '../../src/config/load-catalog.js';
import {
  bootstrapDates,
  bootstrapRange,
  currentSeason,
  findSeason,
  seasonContaining,
} from '../../src/domain/seasons.js';

const catalog = loadCatalog(fileURLToPath(new URL('../../config/pipeline.yml', import.meta.url)));
const seasons = catalog.seasons;

function season(id: string): CatalogSeason {
  const found = findSeason(seasons, id);
  if (!found) throw new Error(`test catalog lacks season ${id}`);
  return found;
}

describe('findSeason', () => {
  it('finds a season by id', () => {
    expect(findSeason(seasons, '2023-24')?.start).toBe('2023-10-24');
  });

  it('returns undefined for a season the catalog does not have', () => {
    expect(findSeason(seasons, '2019-20')).toBeUndefined();
  });
});

describe('seasonContaining', () => {
  it('includes opening night and the last playoff game', () => {
    expect(seasonContaining(seasons, '2023-10-24')?.id).toBe('2023-24');
    expect(seasonContaining(seasons, '2024-06-17')?.id).toBe('2023-24');
  });

  it('finds no season in the off-season', () => {
    expect(seasonContaining(seasons, '2024-06-18')).toBeUndefined();
    expect(seasonContaining(seasons, '2024-08-01')).toBeUndefined();
  });
});

describe('currentSeason', () => {
  it('is the season running today', () => {
    expect(currentSeason(seasons, '2026-11-23')?.id).toBe('2026-27');
    expect(currentSeason(seasons, '2025-10-21')?.id).toBe('2025-26');
  });

  it('is the season that ended last during the off-season', () => {
    expect(currentSeason(seasons, '2024-08-01')?.id).toBe('2023-24');
    expect(currentSeason(seasons, '2024-10-21')?.id).toBe('2023-24');
  });

  it('is the last season after the catalog runs out', () => {
    expect(currentSeason(seasons, '2030-01-01')?.id).toBe('2026-27');
  });

  it('is undefined before the first season starts', () => {
    expect(currentSeason(seasons, '2021-10-18')).toBeUndefined();
    expect(currentSeason([], '2024-01-01')).toBeUndefined();
  });

  it('does not depend on the order of the season list', () => {
    expect(currentSeason([...seasons].reverse(), '2024-08-01')?.id).toBe('2023-24');
  });
});

describe('bootstrapRange', () => {
  it('is the first 7 days of 2021-22 with the catalog default, as in the seeds', () => {
    expect(bootstrapRange(season('2021-22'), catalog.bootstrapDays)).toEqual({
      start: '2021-10-19',
      end: '2021-10-25',
    });
  });

  it('matches the seeds for every season they name', () => {
    const ranges = ['2022-23', '2023-24', '2024-25'].map((id) => bootstrapRange(season(id), 7));
    expect(ranges).toEqual([
      { start: '2022-10-18', end: '2022-10-24' },
      { start: '2023-10-24', end: '2023-10-30' },
      { start: '2024-10-22', end: '2024-10-28' },
    ]);
  });

  it("uses the season's own bootstrapDays over the default", () => {
    const short = { ...season('2024-25'), bootstrapDays: 3 };
    expect(bootstrapRange(short, 7)).toEqual({ start: '2024-10-22', end: '2024-10-24' });
  });

  it('is null when the season has no bootstrap days', () => {
    expect(bootstrapRange({ ...season('2024-25'), bootstrapDays: 0 }, 7)).toBeNull();
    expect(bootstrapRange(season('2024-25'), 0)).toBeNull();
  });

  it('never reaches past the end of a season shorter than its window', () => {
    const tiny: CatalogSeason = {
      id: '2030-31',
      start: '2030-10-01',
      regularSeasonEnd: '2030-10-02',
      end: '2030-10-03',
    };
    expect(bootstrapRange(tiny, 7)).toEqual({ start: '2030-10-01', end: '2030-10-03' });
  });
});

describe('bootstrapDates', () => {
  it('picks the dates inside any season bootstrap window, boundaries included', () => {
    const dates = [
      '2021-10-18',
      '2021-10-19',
      '2021-10-25',
      '2021-10-26',
      '2023-10-24',
      '2023-10-30',
      '2023-10-31',
    ];
    expect([...bootstrapDates(dates, seasons, 7)].sort()).toEqual([
      '2021-10-19',
      '2021-10-25',
      '2023-10-24',
      '2023-10-30',
    ]);
  });

  it('is empty when bootstrap is switched off', () => {
    expect(bootstrapDates(['2021-10-19'], seasons, 0).size).toBe(0);
  });
});
