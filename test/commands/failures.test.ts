import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandPorts } from '../../src/commands/command-context.js';
import type { FailuresData } from '../../src/commands/failures.js';
import { runCommand } from '../../src/commands/registry.js';
import { BadInputError } from '../../src/domain/errors.js';
import { catalog, duckdbPorts } from '../support/ports.js';
import { buildTinyWarehouse } from '../support/tiny-warehouse.js';

const P4 = 'phase_4_precompute';

describe('failures', () => {
  let ports: CommandPorts;
  let cleanup: () => void;
  const run = async (...words: string[]) =>
    (await runCommand(['failures', ...words], ports, { prefix: '' })).data as FailuresData;

  beforeAll(async () => {
    const world = await buildTinyWarehouse(catalog, {
      finalDates: ['2023-11-01', '2023-11-02', '2023-11-03'],
      runs: [
        // Failed, then succeeded: resolved.
        {
          processor: 'PlayerCompositeFactorsProcessor',
          phase: P4,
          date: '2023-11-01',
          status: 'failed',
          startedAt: '2023-11-02 08:00:00',
          errors: 'INSUFFICIENT_DATA: only 3 of 10 required games for 41 players',
        },
        {
          processor: 'PlayerCompositeFactorsProcessor',
          phase: P4,
          date: '2023-11-01',
          status: 'success',
          startedAt: '2023-11-03 08:00:00',
        },
        // Same failure, other numbers, still failing: open, same signature.
        {
          processor: 'PlayerCompositeFactorsProcessor',
          phase: P4,
          date: '2023-11-02',
          status: 'failed',
          startedAt: '2023-11-03 08:00:00',
          errors: 'INSUFFICIENT_DATA: only 5 of 10 required games for 12 players',
        },
        {
          processor: 'PlayerDailyCacheProcessor',
          phase: P4,
          date: '2023-11-03',
          status: 'failed',
          startedAt: '2023-11-04 08:00:00',
          errors:
            '["DependencyError: upstream nba_precompute.player_composite_factors missing for 2023-11-03"]',
          missingDependencies: '["nba_precompute.player_composite_factors"]',
        },
        // Failed twice in a row: two runs, one open date.
        {
          processor: 'PlayerGameSummaryProcessor',
          phase: 'phase_3_analytics',
          date: '2023-11-01',
          status: 'failed',
          startedAt: '2023-11-02 07:00:00',
          errors: 'BigQuery load failed: 400 Invalid value at row 1532 (job 8f3a9c2e1b)',
        },
        {
          processor: 'PlayerGameSummaryProcessor',
          phase: 'phase_3_analytics',
          date: '2023-11-01',
          status: 'failed',
          startedAt: '2023-11-02 09:00:00',
          errors: 'BigQuery load failed: 400 Invalid value at row 77 (job 0b1c2d3e4f)',
        },
        {
          processor: 'PlayerGameSummaryProcessor',
          phase: 'phase_3_analytics',
          date: '2023-11-02',
          status: 'success',
          startedAt: '2023-11-03 07:00:00',
        },
        // Outside the range asked for.
        {
          processor: 'PlayerGameSummaryProcessor',
          phase: 'phase_3_analytics',
          date: '2023-10-01',
          status: 'failed',
          startedAt: '2023-10-02 07:00:00',
          errors: 'boom',
        },
      ],
    });
    cleanup = world.cleanup;
    ports = await duckdbPorts(world.path, '2023-11-05');
  });
  afterAll(async () => {
    await ports.warehouse.close();
    cleanup();
  });

  it('groups failed runs by processor, class and signature, open apart from resolved', async () => {
    const data = await run('2023-11-01..2023-11-03');
    expect(data.totals).toEqual({ runs: 5, groups: 3, openDates: 3, resolvedDates: 1 });
    const byProcessor = Object.fromEntries(data.groups.map((g) => [g.processor, g]));
    expect(byProcessor.PlayerCompositeFactorsProcessor).toMatchObject({
      phase: P4,
      class: 'INSUFFICIENT_DATA',
      runs: 2,
      openDates: ['2023-11-02'],
      resolvedDates: ['2023-11-01'],
      expectedEarlySeason: true,
    });
    expect(byProcessor.PlayerDailyCacheProcessor).toMatchObject({
      class: 'DependencyError',
      runs: 1,
      openDates: ['2023-11-03'],
      resolvedDates: [],
      missingDependencies: ['nba_precompute.player_composite_factors'],
    });
    expect(byProcessor.PlayerGameSummaryProcessor).toMatchObject({
      class: 'PROCESSING_ERROR',
      runs: 2,
      openDates: ['2023-11-01'],
      resolvedDates: [],
      errorPreview: 'BigQuery load failed: 400 Invalid value at row 1532 (job 8f3a9c2e1b)',
    });
  });

  it('gives one signature to the same error on different rows, jobs and counts', async () => {
    const data = await run('2023-11-01..2023-11-03');
    const signatures = data.groups.map((g) => g.signature);
    expect(new Set(signatures).size).toBe(3);
    for (const s of signatures) expect(s).not.toMatch(/\d{2,}/);
  });

  it('filters by phase or by processor', async () => {
    expect((await run('2023-11-01..2023-11-03', 'precompute')).groups.map((g) => g.processor).sort()).toEqual(
      ['PlayerCompositeFactorsProcessor', 'PlayerDailyCacheProcessor'],
    );
    expect((await run('2023-11-01..2023-11-03', 'PlayerDailyCacheProcessor')).groups).toHaveLength(1);
    expect((await run('2023-11-01..2023-11-03', '3')).groups.map((g) => g.processor)).toEqual([
      'PlayerGameSummaryProcessor',
    ]);
  });

  it('refuses an unknown processor and names the closest one', async () => {
    await expect(run('2023-11-01..2023-11-03', 'NoSuchProcessor')).rejects.toThrow(BadInputError);
    await expect(run('2023-11-01..2023-11-03', 'PlayerCompositeFactorProcessor')).rejects.toMatchObject({
      message: 'unknown phase or processor "PlayerCompositeFactorProcessor"',
      hint: 'Did you mean PlayerCompositeFactorsProcessor?',
    });
  });

  it('reports a quiet range as no failures', async () => {
    const data = await run('2023-11-03', 'analytics');
    expect(data.totals).toEqual({ runs: 0, groups: 0, openDates: 0, resolvedDates: 0 });
  });
});
