import { afterEach, describe, expect, it } from 'vitest';
import { renderText } from '../../src/cli/render-text.js';
import { runCommand } from '../../src/commands/registry.js';
import { BadInputError } from '../../src/domain/errors.js';
import { buildReport } from '../../src/reports/build-report.js';
import { catalog } from '../support/ports.js';
import { expectFixture } from '../support/render-fixture.js';
import { buildTinyWarehouse, type TinyWorld } from '../support/tiny-warehouse.js';
import { DAY, type OpenedPorts, removeDir, reportPorts, scratchDir, storeWith } from './report-world.js';

const everyTable = (dates: string[]) => Object.fromEntries(catalog.tables.map((t) => [t.table, dates]));

/** 2026-01-23 complete in every table, player coverage full, nothing stale, nothing failed. */
const GREEN: TinyWorld = {
  finalDates: ['2026-01-22', DAY],
  present: everyTable(['2026-01-22', DAY]),
  playerCoverage: [
    { date: '2026-01-22', expected: 200, actual: 190 },
    { date: DAY, expected: 200, actual: 200 },
  ],
};

/** Phase 3 missing a table, a failure open and one resolved, low coverage, stale rows. */
const NEEDS_A_PERSON: TinyWorld = {
  ...GREEN,
  present: {
    ...GREEN.present,
    player_game_summary: ['2026-01-22'],
    upcoming_player_game_context: ['2026-01-10', '2026-01-16', '2026-01-17', DAY],
  },
  playerCoverage: [
    { date: '2026-01-22', expected: 1200, actual: 900 },
    { date: DAY, expected: 200, actual: 200 },
  ],
  runs: [
    {
      processor: 'PlayerGameSummaryProcessor',
      phase: 'phase_3_analytics',
      date: DAY,
      status: 'failed',
      startedAt: '2026-01-24 03:00:00',
      errors: 'ValueError: expected <int> minutes & got "DNP"',
    },
    {
      processor: 'TeamOffenseGameSummaryProcessor',
      phase: 'phase_3_analytics',
      date: DAY,
      status: 'failed',
      startedAt: '2026-01-24 02:00:00',
      errors: 'DependencyError: upstream missing',
    },
    {
      processor: 'TeamOffenseGameSummaryProcessor',
      phase: 'phase_3_analytics',
      date: DAY,
      status: 'success',
      startedAt: '2026-01-24 04:00:00',
    },
  ],
};

describe('the daily report on the smallest worlds', () => {
  const open: { cleanup: () => void; opened: OpenedPorts; dir?: string }[] = [];
  const portsFor = async (world: TinyWorld, options: Parameters<typeof reportPorts>[1] = {}) => {
    const built = await buildTinyWarehouse(catalog, world);
    const opened = await reportPorts(built.path, { steady: true, ...options });
    open.push({ cleanup: built.cleanup, opened });
    return opened;
  };
  afterEach(async () => {
    for (const o of open.splice(0)) {
      await o.opened.close();
      o.cleanup();
      if (o.dir) removeDir(o.dir);
    }
  });

  it('says an all-green day in three lines: verdict, summary, context', async () => {
    const { ports } = await portsFor(GREEN);
    const report = await buildReport(DAY, ports);
    expect(report.data.verdict).toEqual({ green: true, line: `All green for ${DAY}`, needs: [] });
    const text = renderText(report.message, { color: false, prefix: 'backfill-bot ' });
    // Three blocks (Slack shows three lines); the CLI separates them with blank lines.
    expect(report.message.blocks.map((b) => b.kind)).toEqual(['text', 'text', 'context']);
    // The CLI wraps at 100 columns with a two-space indent: a line is its line and those.
    const lines = text
      .split('\n')
      .filter(Boolean)
      .reduce<string[]>((all, line) => {
        if (line.startsWith('  ') && all.length) all[all.length - 1] += ` ${line.trim()}`;
        else all.push(line);
        return all;
      }, []);
    expect(lines).toEqual([
      'All green for 2026-01-23',
      'every gating table present for 2026-01-23 · no failed runs in 24 h · player coverage at or above 90% ' +
        'for 2025-12-25..2026-01-23 · no stale rows · backfill progress unknown (no state store)',
      'report 2026-01-23 · run 2026-01-24T12:00:00.000Z · duckdb · 1 round trip (4 queries) · 0 ms',
    ]);
    expectFixture('report-green', report.message, { command: 'report' });
  });

  it('counts stale rows relative to the day the report runs, not the day it reports on', async () => {
    const world = {
      ...GREEN,
      present: {
        ...GREEN.present,
        upcoming_player_game_context: ['2026-01-10', '2026-01-16', '2026-01-17', DAY],
      },
    };
    const { ports } = await portsFor(world);
    // Run on 2026-01-24: stale before 2026-01-17 (2 rows), whichever day is reported on.
    for (const date of [DAY, '2026-01-10']) {
      const { data } = await buildReport(date, ports);
      expect(data.staleRows.tables[0]).toEqual({
        table: 'nba_analytics.upcoming_player_game_context',
        staleAfterDays: 7,
        before: '2026-01-17',
        rows: 2,
      });
    }
    // Run a day later the row of 2026-01-17 is stale too.
    const later = await portsFor(world, { now: '2026-01-25T12:00:00.000Z' });
    const { data } = await buildReport(DAY, later.ports);
    expect(data.staleRows.tables[0]).toMatchObject({ before: '2026-01-18', rows: 3 });
  });

  it('renders a report that needs a person (fixture)', async () => {
    const dir = scratchDir('fixture');
    const store = await storeWith(dir, [
      {
        id: 'r_0123456789ab',
        processor: 'PlayerGameSummaryProcessor',
        phase: 3,
        dates: [DAY],
        confirmedAt: '2026-01-24T02:00:00.000Z',
      },
    ]);
    const opened = await portsFor(NEEDS_A_PERSON, { store });
    (open.at(-1) as { dir?: string }).dir = dir;
    const report = await buildReport(DAY, opened.ports);
    expect(report.data.verdict.line).toBe(
      'Needs a person: Phase 3 missing 1 table for 2026-01-23 · 1 open PROCESSING_ERROR · ' +
        'player coverage below 90% on 1 date · 2 stale rows in upcoming_player_game_context · 1 backfill with no progress for 6 h',
    );
    expect(report.data.backfills).toMatchObject({
      inProgress: 1,
      stalled: [{ lastRunAt: '2026-01-24T03:00:00.000Z' }],
    });
    expect(report.data.query).toMatchObject({ roundTrips: 1, queries: 5 });
    expect(opened.client.waves).toBe(1);
    expectFixture('report', report.message, { command: 'report' });
  });

  it('answers `report [date]`: yesterday by default, an ISO date or today; other words say what is accepted', async () => {
    const { ports } = await portsFor(GREEN);
    const run = (words: string[]) => runCommand(words, ports, { prefix: 'backfill-bot ' });
    expect(((await run(['report'])).data as { date: string }).date).toBe(DAY);
    expect(((await run(['report', 'yesterday'])).data as { date: string }).date).toBe(DAY);
    expect(((await run(['report', 'today'])).data as { date: string }).date).toBe('2026-01-24');
    expect(((await run(['report', '2026-01-20'])).data as { date: string }).date).toBe('2026-01-20');
    for (const bad of [
      ['report', 'last', '7d'],
      ['report', '2026-02-30'],
      ['report', '2026-01-25'],
    ]) {
      const error = await run(bad).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BadInputError);
      expect((error as BadInputError).hint).toBe(
        'Accepted: an ISO date (2026-01-23), yesterday (the default) or today. Example: report yesterday',
      );
    }
  });
});
