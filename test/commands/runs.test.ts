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

  it('counts only the runs started in the --started window, next to the date range', async () => {
    // The clock reads 2023-11-05 12:00 UTC: the last 72h start at 2023-11-02 12:00.
    const words = ['runs', '2023-10-20..2023-11-05', '--started', 'last', '72h'];
    const data = (await runCommand(words, ports, { prefix: '' })).data as RunsData;
    expect(data.startedSince).toBe('2023-11-02T12:00:00.000Z');
    expect(data.processors).toEqual([
      {
        processor: 'PlayerGameSummaryProcessor',
        phase: P3,
        success: 1,
        failed: 1,
        skipped: 0,
        latestDate: '2023-11-02',
        latestRun: '2023-11-03T09:30:00.000Z',
      },
    ]);
    expect(data.query.roundTrips).toBe(1);
  });

  it('takes --started before the range and target, in days', async () => {
    const words = ['runs', '--started', 'last', '4d', '2023-10-20..2023-11-05', 'precompute'];
    const answer = await runCommand(words, ports, { prefix: '' });
    const data = answer.data as RunsData;
    expect(data.startedSince).toBe('2023-11-01T12:00:00.000Z');
    expect(data.processors.map((p) => [p.processor, p.success])).toEqual([['PlayerDailyCacheProcessor', 1]]);
    expect(answer.message.blocks[0]).toEqual({
      kind: 'header',
      text: 'Runs · 2023-10-20..2023-11-05 · phase 4 · started last 4d',
    });
  });

  it('gives startedSince null in JSON when --started is not given', async () => {
    const data = (await runCommand(['runs', '2023-10-20..2023-11-05'], ports, { prefix: '' }))
      .data as RunsData;
    expect(data.startedSince).toBeNull();
  });

  it.each([
    [['--started'], '--started takes a window, not ""'],
    [['--started', '24h'], '--started takes a window, not "24h"'],
    [['--started', 'last', '0h'], '--started takes a window, not "last 0h"'],
    [['--started', 'last', '721h'], '--started takes a window, not "last 721h"'],
    [['--started', 'last', '91d'], '--started takes a window, not "last 91d"'],
    [['--started', 'last', '2w'], '--started takes a window, not "last 2w"'],
    [['--started', 'last', '1h', '--started', 'last', '2h'], '--started is given twice'],
  ])('refuses --started %j and says what is accepted', async (flag, message) => {
    const error = await runCommand(['runs', '2023-10-20..2023-11-05', ...flag], ports, { prefix: '' }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      code: 'BAD_INPUT',
      message,
      hint: 'Accepted: --started last Nh (N 1..720) or --started last Nd (N 1..90), e.g. runs last 7d --started last 24h',
    });
  });
});
