import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandPorts } from '../../src/commands/command-context.js';
import { runCommand } from '../../src/commands/registry.js';
import type { RunsData } from '../../src/commands/runs.js';
import { catalog, duckdbPorts } from '../support/ports.js';
import { buildTinyWarehouse } from '../support/tiny-warehouse.js';

const P3 = 'phase_3_analytics';
const P4 = 'phase_4_precompute';

describe('runs', () => {
  let ports: CommandPorts;
  let cleanup: () => void;

  beforeAll(async () => {
    const world = await buildTinyWarehouse(catalog, {
      finalDates: ['2023-11-01', '2023-11-02'],
      runs: [
        {
          processor: 'PlayerGameSummaryProcessor',
          phase: P3,
          date: '2023-11-01',
          status: 'success',
          startedAt: '2023-11-02 07:00:00',
        },
        {
          processor: 'PlayerGameSummaryProcessor',
          phase: P3,
          date: '2023-11-02',
          status: 'failed',
          startedAt: '2023-11-03 07:00:00',
          errors: 'x',
        },
        {
          processor: 'PlayerGameSummaryProcessor',
          phase: P3,
          date: '2023-11-02',
          status: 'success',
          startedAt: '2023-11-03 09:30:00',
        },
        {
          processor: 'PlayerDailyCacheProcessor',
          phase: P4,
          date: '2023-10-25',
          status: 'skipped',
          startedAt: '2023-10-26 07:00:00',
        },
        {
          processor: 'PlayerDailyCacheProcessor',
          phase: P4,
          date: '2023-11-01',
          status: 'success',
          startedAt: '2023-11-02 08:00:00',
        },
        {
          processor: 'PlayerDailyCacheProcessor',
          phase: P4,
          date: '2023-12-01',
          status: 'success',
          startedAt: '2023-12-02 08:00:00',
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

  it("counts runs per processor by status with the latest date, like the seeds' progress query", async () => {
    const data = (await runCommand(['runs', '2023-10-20..2023-11-05'], ports, { prefix: '' }))
      .data as RunsData;
    expect(data.processors).toEqual([
      {
        processor: 'PlayerDailyCacheProcessor',
        phase: P4,
        success: 1,
        failed: 0,
        skipped: 1,
        latestDate: '2023-11-01',
        latestRun: '2023-11-02T08:00:00.000Z',
      },
      {
        processor: 'PlayerGameSummaryProcessor',
        phase: P3,
        success: 2,
        failed: 1,
        skipped: 0,
        latestDate: '2023-11-02',
        latestRun: '2023-11-03T09:30:00.000Z',
      },
    ]);
    expect(data.query.roundTrips).toBe(1);
  });

  it('limits runs to a phase', async () => {
    const data = (await runCommand(['runs', '2023-10-20..2023-11-05', 'analytics'], ports, { prefix: '' }))
      .data as RunsData;
    expect(data.processors.map((p) => p.processor)).toEqual(['PlayerGameSummaryProcessor']);
    expect(data.filter).toBe('phase 3');
  });
});
