import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillDemoWarehouse } from '../../src/demo/fill-demo.js';
import { classifyFailure } from '../../src/domain/failures.js';
import { LocalQueue } from '../../src/queue/local/local-queue.js';
import { startSimulator } from '../../src/simulator/start-simulator.js';
import { DuckdbClient } from '../../src/warehouse/duckdb/duckdb-client.js';
import { SqlWarehouse } from '../../src/warehouse/sql-warehouse.js';
import {
  catalog,
  checksumOn,
  demoFiles,
  missingDates,
  publishRerun,
  read,
  recordingLogger,
  SEED,
  simulating,
  steppingClock,
  table,
} from './simulator-fixture.js';

const SEASON_2021 = { start: '2021-10-19', end: '2022-06-16' };
const START = '2026-11-23T15:00:00.000Z';
const summary = table('player_game_summary');

/** Runs of a processor on some dates, oldest first. */
const runsOf = (path: string, processor: string, dates: string[]) =>
  read(
    path,
    `SELECT run_id, data_date::VARCHAR AS date, status, strftime(started_at, '%Y-%m-%dT%H:%M:%S.%g') AS started_at,
        errors, missing_dependencies
      FROM nba_reference.processor_run_history
      WHERE processor_name = '${processor}' AND data_date IN (${dates.map((d) => `DATE '${d}'`).join(', ')})
      ORDER BY started_at, data_date`,
  );

describe('the pipeline simulator', () => {
  const files = demoFiles();
  beforeAll(() => files.generate(), 120_000);
  afterAll(() => files.remove());

  it('writes the generator’s rows and a success run for each re-run date once the delay has passed', async () => {
    const { path, queuePath } = files.copy();
    const clock = steppingClock(START);
    const dates = await missingDates(path, summary, SEASON_2021, 3);
    expect(dates).toHaveLength(3);
    await publishRerun(new LocalQueue(queuePath, clock), summary.processor, dates);
    const simulator = startSimulator({
      catalog: simulating({ delaySeconds: 5, failureRate: 0 }),
      warehousePath: path,
      queuePath,
      clock,
      log: recordingLogger(),
      pollMs: null,
    });
    clock.advance(4.999);
    expect(await simulator.tick()).toBe(0);
    expect(await checksumOn(path, summary, dates)).toBe('0:null');
    clock.advance(0.001);
    expect(await simulator.tick()).toBe(1);
    await simulator.stop();

    // The rows are demo fill's for the same dates, which are the generator's (test/demo/fill-demo).
    const filled = files.copy();
    for (const date of dates) {
      await fillDemoWarehouse(catalog, {
        path: filled.path,
        range: { start: date, end: date },
        tables: [summary],
        seed: SEED,
      });
    }
    const written = await checksumOn(path, summary, dates);
    expect(written).not.toMatch(/^0:/);
    expect(written).toBe(await checksumOn(filled.path, summary, dates));

    const warehouse = new SqlWarehouse(catalog, await DuckdbClient.open({ path }));
    try {
      const range = { start: dates[0] as string, end: dates[2] as string };
      const latest = await warehouse.latestRuns(range, [summary.processor], START, 'rerun');
      expect(latest.value).toEqual(
        dates.map((date) => ({
          processor: summary.processor,
          date,
          status: 'success',
          startedAt: '2026-11-23T15:00:05.000Z',
        })),
      );
    } finally {
      await warehouse.close();
    }
  });

  it('resolves the open failures it re-runs', async () => {
    const { path, queuePath } = files.copy();
    const clock = steppingClock(START);
    const range = { start: '2021-10-19', end: '2026-11-22' };
    const warehouse = new SqlWarehouse(catalog, await DuckdbClient.open({ path }));
    try {
      const open = async () =>
        (await warehouse.failedRuns(range, [summary.processor], 'failures')).value
          .filter((r) => r.latestStatus !== 'success')
          .map((r) => r.date);
      const dates = await open();
      expect(dates.length).toBeGreaterThan(0);
      await publishRerun(new LocalQueue(queuePath, clock), summary.processor, dates);
      const simulator = startSimulator({
        catalog: simulating({ delaySeconds: 5, failureRate: 0 }),
        warehousePath: path,
        queuePath,
        clock,
        log: recordingLogger(),
        pollMs: null,
      });
      clock.advance(5);
      // The bot's own client stays open: the write window closes it and reopens it around the write.
      expect(await simulator.tick()).toBe(1);
      await simulator.stop();
      expect(await open()).toEqual([]);
      expect(await checksumOn(path, summary, dates)).not.toMatch(/^0:/);
    } finally {
      await warehouse.close();
    }
  });

  it('writes a new failed run with a processing error instead, for a failure rate of 1', async () => {
    const { path, queuePath } = files.copy();
    const clock = steppingClock(START);
    const dates = await missingDates(path, summary, SEASON_2021, 2);
    const before = await runsOf(path, summary.processor, dates);
    await publishRerun(new LocalQueue(queuePath, clock), summary.processor, dates);
    const simulator = startSimulator({
      catalog: simulating({ delaySeconds: 5, failureRate: 1 }),
      warehousePath: path,
      queuePath,
      clock,
      log: recordingLogger(),
      pollMs: null,
    });
    clock.advance(5);
    expect(await simulator.tick()).toBe(1);
    await simulator.stop();

    expect(await checksumOn(path, summary, dates)).toBe('0:null');
    const added = (await runsOf(path, summary.processor, dates)).slice(before.length);
    expect(added.map((r) => [r.date, r.status, r.started_at, r.missing_dependencies])).toEqual(
      dates.map((d) => [d, 'failed', '2026-11-23T15:00:05.000', null]),
    );
    for (const run of added) {
      expect(run.run_id).toMatch(/^run-[0-9a-f]{12}$/);
      const errors = JSON.parse(String(run.errors)) as string[];
      expect(errors).toHaveLength(1);
      expect(classifyFailure(String(run.errors), catalog.failureClasses).name).toBe('PROCESSING_ERROR');
      expect(errors[0]).toMatch(
        /^(BigQuery load failed|ValueError|KeyError|TimeoutError|ServiceUnavailable): /,
      );
    }
  });

  it('fails a precompute re-run whose upstream stage is missing with a DependencyError, and skips bootstrap days', async () => {
    const { path, queuePath } = files.copy();
    const clock = steppingClock(START);
    const composite = table('player_composite_factors');
    // 2021-22 has no Phase 4: the zone analyses composite factors read are missing. 10-20 is a bootstrap day.
    const dates = [
      '2021-10-20',
      ...(await missingDates(path, composite, { start: '2021-11-15', end: '2021-12-31' }, 1)),
    ];
    await publishRerun(new LocalQueue(queuePath, clock), composite.processor, dates);
    const simulator = startSimulator({
      catalog: simulating({ delaySeconds: 0, failureRate: 0 }),
      warehousePath: path,
      queuePath,
      clock,
      log: recordingLogger(),
      pollMs: null,
    });
    expect(await simulator.tick()).toBe(1);
    await simulator.stop();
    const runs = await runsOf(path, composite.processor, dates);
    expect(runs.map((r) => [r.date, r.status, r.errors, r.missing_dependencies])).toEqual([
      ['2021-10-20', 'skipped', JSON.stringify(['bootstrap period: skipping']), null],
      [
        dates[1],
        'failed',
        JSON.stringify([
          `DependencyError: upstream nba_precompute.team_defense_zone_analysis, nba_precompute.player_shot_zone_analysis missing for ${dates[1]}`,
        ]),
        JSON.stringify([
          'nba_precompute.team_defense_zone_analysis',
          'nba_precompute.player_shot_zone_analysis',
        ]),
      ],
    ]);
    expect(await checksumOn(path, composite, dates)).toBe('0:null');
  });

  it('applies a message once across a restart, and adds nothing when it has to apply it again', async () => {
    const { path, queuePath } = files.copy();
    const clock = steppingClock(START);
    const dates = await missingDates(path, summary, SEASON_2021, 2);
    await publishRerun(new LocalQueue(queuePath, clock), summary.processor, dates);
    const start = () =>
      startSimulator({
        catalog: simulating({ delaySeconds: 5, failureRate: 0.5 }),
        warehousePath: path,
        queuePath,
        clock,
        log: recordingLogger(),
        pollMs: null,
      });
    clock.advance(10);
    const first = start();
    expect(await first.tick()).toBe(1);
    expect(await first.tick()).toBe(0);
    await first.stop();
    const runs = await runsOf(path, summary.processor, dates);
    const rows = await checksumOn(path, summary, dates);
    const ledger = join(dirname(queuePath), 'simulator.json');
    expect(JSON.parse(readFileSync(ledger, 'utf8')).handled).toEqual({
      [`rerun:r_000000000001:msg:${summary.processor}:${dates[0]}:${dates[1]}`]: expect.objectContaining({
        at: '2026-11-23T15:00:10.000Z',
      }),
    });

    const restarted = start();
    clock.advance(60);
    expect(await restarted.tick()).toBe(0);
    await restarted.stop();
    expect(await runsOf(path, summary.processor, dates)).toEqual(runs);

    // A crash after the warehouse commit, before the ledger was written: applied again, nothing added.
    rmSync(ledger);
    const afterCrash = start();
    expect(await afterCrash.tick()).toBe(1);
    await afterCrash.stop();
    expect(await runsOf(path, summary.processor, dates)).toEqual(runs);
    expect(await checksumOn(path, summary, dates)).toBe(rows);
  });

  it('ignores stage starts and legacy messages, and refuses re-runs it cannot simulate once, with a warning', async () => {
    const { path, queuePath } = files.copy();
    const clock = steppingClock(START);
    const queue = new LocalQueue(queuePath, clock);
    await queue.publish({
      key: 'gate:g_1:stage-start',
      topic: 'nba-phase4-precompute-trigger',
      data: { schema: 'backfill-bot.stage-start/v1', kind: 'stage-start', phase: 4 },
      attributes: {},
    });
    await queue.publish({
      key: 'legacy-1',
      topic: 'nba-phase4-precompute-trigger',
      data: { kind: 'backfill.stage.start', phase: 4 },
      attributes: {},
    });
    await publishRerun(queue, 'PredictionWorkerProcessor', ['2026-01-20']);
    await publishRerun(queue, 'NoSuchProcessor', ['2026-01-20']);
    const before = await read(path, 'SELECT count(*) AS n FROM nba_reference.processor_run_history');
    const log = recordingLogger();
    const simulator = startSimulator({
      catalog: simulating({ delaySeconds: 0, failureRate: 0 }),
      warehousePath: path,
      queuePath,
      clock,
      log,
      pollMs: null,
    });
    expect(await simulator.tick()).toBe(0);
    expect(await simulator.tick()).toBe(0);
    await simulator.stop();
    expect(await read(path, 'SELECT count(*) AS n FROM nba_reference.processor_run_history')).toEqual(before);
    expect(log.lines.map((l) => [l.level, l.message])).toEqual([
      [
        'warn',
        'simulator: not re-running rerun:r_000000000001:msg:PredictionWorkerProcessor:2026-01-20:2026-01-20: ' +
          'PredictionWorkerProcessor writes prediction tables, which the demo does not simulate',
      ],
      [
        'warn',
        'simulator: not re-running rerun:r_000000000001:msg:NoSuchProcessor:2026-01-20:2026-01-20: ' +
          'no catalog table is written by NoSuchProcessor',
      ],
    ]);
  });

  it('polls the queue by itself', async () => {
    const { path, queuePath } = files.copy();
    const clock = steppingClock(START);
    const dates = await missingDates(path, summary, SEASON_2021, 1);
    await publishRerun(new LocalQueue(queuePath, clock), summary.processor, dates);
    const log = recordingLogger();
    const simulator = startSimulator({
      catalog: simulating({ delaySeconds: 0, failureRate: 0 }),
      warehousePath: path,
      queuePath,
      clock,
      log,
      pollMs: 20,
    });
    const until = Date.now() + 10_000;
    while (!log.lines.some((l) => l.message.includes('write window')) && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await simulator.stop();
    expect(log.lines.map((l) => l.message)).toEqual([
      `simulator: re-ran ${summary.processor} on 1 date: 1 success, 0 failed, 0 skipped`,
      expect.stringMatching(/^simulator: wrote 1 re-run in a \d+ ms write window$/),
    ]);
    expect(await checksumOn(path, summary, dates)).not.toMatch(/^0:/);
  });
});
