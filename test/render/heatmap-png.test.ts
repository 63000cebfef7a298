import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandPorts } from '../../src/commands/command-context.js';
import { heatmapCommand } from '../../src/commands/heatmap.js';
import { drawCoverageHeatmap, readHeatmap } from '../../src/commands/heatmap-picture.js';
import type { RangeAndTarget } from '../../src/commands/range-and-target.js';
import { runCommand } from '../../src/commands/registry.js';
import { eachDay } from '../../src/domain/dates.js';
import type { CellState } from '../../src/domain/heatmap/cell-state.js';
import { type Box, cellBox, type HeatmapLayout } from '../../src/render/heatmap/heatmap-layout.js';
import { PALETTE } from '../../src/render/heatmap/palette.js';
import { catalog, duckdbPorts } from '../support/ports.js';
import { buildTinyWarehouse, type TinyRun, type TinyWorld } from '../support/tiny-warehouse.js';

// The heatmap drawn from small fixed warehouses, decoded and read back by colour: the cells a test
// names must show the colour of the state it expects (not bytes: resvg may anti-alias differently).

const TODAY = '2023-11-05';
const phaseTables = (phase: number, dates: string[]) =>
  Object.fromEntries(catalog.tables.filter((t) => t.phase === phase).map((t) => [t.table, dates]));
const allTables = (dates: string[]) => Object.fromEntries(catalog.tables.map((t) => [t.table, dates]));
const failedRun = (processor: string, phase: string, date: string, errors: string): TinyRun => ({
  processor,
  phase,
  date,
  status: 'failed',
  startedAt: `${date} 20:00:00`,
  errors,
});

// Early 2023-24 (bootstrap 10-24..10-30): a column per game day, two days still to come.
const FINAL = ['2023-10-24', '2023-10-25', '2023-10-31', '2023-11-01', '2023-11-02', '2023-11-03'];
const DAILY: TinyWorld = {
  finalDates: FINAL,
  scheduledDates: ['2023-11-06', '2023-11-08'],
  present: {
    ...allTables(FINAL),
    player_game_summary: FINAL.filter((d) => d !== '2023-11-02'),
    upcoming_player_game_context: ['2023-10-24'],
    ...phaseTables(4, FINAL.slice(2)),
    player_prop_predictions: [],
  },
  runs: [
    failedRun('TeamOffenseGameSummaryProcessor', 'phase_3_analytics', '2023-11-01', 'ValueError: bad row'),
    // Early season on a bootstrap day: by design, drawn as bootstrap.
    failedRun(
      'PlayerCompositeFactorsProcessor',
      'phase_4_precompute',
      '2023-10-25',
      'INSUFFICIENT_DATA: 3 of 10',
    ),
  ],
};

// 2022-23 whole and the start of 2023-24: more game days than a column each, so a week per column.
const SEASON = eachDay('2022-10-18', '2023-06-12');
const NEXT = eachDay('2023-10-24', '2023-11-03');
const WEEKLY_FINAL = [...SEASON, ...NEXT];
const WEEKLY: TinyWorld = {
  finalDates: WEEKLY_FINAL,
  scheduledDates: eachDay('2023-11-06', '2023-11-12'),
  present: {
    ...allTables(WEEKLY_FINAL),
    // One missing day in the week of Monday 2022-11-14; the rest of that week is present.
    player_game_summary: WEEKLY_FINAL.filter((d) => d !== '2022-11-16'),
    team_defense_game_summary: WEEKLY_FINAL.filter((d) => d !== '2022-11-16'),
  },
  runs: [
    failedRun('TeamDefenseGameSummaryProcessor', 'phase_3_analytics', '2022-11-17', 'ValueError: bad row'),
  ],
};

const hex = (r: number, g: number, b: number) =>
  `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`.toUpperCase();

/** The most common colour inside a box (1 px in from its edges): a hatch keeps its base colour. */
function dominant(png: PNG, box: Box): string {
  const counts = new Map<string, number>();
  for (let y = Math.ceil(box.y) + 1; y < Math.floor(box.y + box.height) - 1; y++) {
    for (let x = Math.ceil(box.x) + 1; x < Math.floor(box.x + box.width) - 1; x++) {
      const i = (y * png.width + x) * 4;
      const colour = hex(png.data[i] ?? 0, png.data[i + 1] ?? 0, png.data[i + 2] ?? 0);
      counts.set(colour, (counts.get(colour) ?? 0) + 1);
    }
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'none';
}

/** Distinct colours in a region: a region with words drawn in it has many. */
function colours(png: PNG, box: Box): number {
  const seen = new Set<string>();
  for (let y = Math.round(box.y); y < box.y + box.height; y++)
    for (let x = Math.round(box.x); x < box.x + box.width; x++) {
      const i = (y * png.width + x) * 4;
      seen.add(hex(png.data[i] ?? 0, png.data[i + 1] ?? 0, png.data[i + 2] ?? 0));
    }
  return seen.size;
}

interface Drawn {
  png: PNG;
  layout: HeatmapLayout;
  /** The colour drawn for a table on the column starting on `date`. */
  cell(table: string, date: string): string;
}

async function draw(ports: CommandPorts, words: string[]): Promise<Drawn> {
  const request = heatmapCommand.parse(words, ports) as RangeAndTarget;
  const { grid } = await readHeatmap(request, ports);
  const { png, layout } = drawCoverageHeatmap(grid, request.range, request.target, ports.clock.now());
  // What the command hands the fronts is exactly this picture.
  const result = await runCommand(['heatmap', ...words], ports, { prefix: '' });
  expect(Buffer.from(result.files?.[0]?.bytes ?? [])).toEqual(Buffer.from(png.bytes));
  const decoded = PNG.sync.read(Buffer.from(png.bytes));
  const rows = layout.groups.flatMap((g) => g.rows);
  return {
    png: decoded,
    layout,
    cell(table, date) {
      const row = rows.findIndex((r) => r.row.table === table);
      const column = grid.columns.findIndex((c) => c.start === date);
      return dominant(decoded, cellBox(layout, row, column));
    },
  };
}

const colourOf = (state: CellState) => PALETTE[state].fill.toUpperCase();

describe('the heatmap PNG, read back by colour', () => {
  const cleanups: (() => void)[] = [];
  const opened: CommandPorts[] = [];
  let daily: Drawn;
  let weekly: Drawn;

  beforeAll(async () => {
    const open = async (world: TinyWorld) => {
      const built = await buildTinyWarehouse(catalog, world);
      cleanups.push(built.cleanup);
      const ports = await duckdbPorts(built.path, TODAY);
      opened.push(ports);
      return ports;
    };
    daily = await draw(await open(DAILY), ['2023-10-24..2023-11-10']);
    weekly = await draw(await open(WEEKLY), ['2022-10-18..2023-11-12']);
  });
  afterAll(async () => {
    for (const ports of opened) await ports.warehouse.close();
    for (const cleanup of cleanups) cleanup();
  });

  it('draws present, missing, failed, expected-partial, bootstrap and future cells in their colours', () => {
    expect(daily.cell('nbac_team_boxscore', '2023-10-31')).toBe(colourOf('present'));
    expect(daily.cell('player_game_summary', '2023-11-02')).toBe(colourOf('missing'));
    expect(daily.cell('team_offense_game_summary', '2023-11-01')).toBe(colourOf('failed'));
    expect(daily.cell('upcoming_player_game_context', '2023-10-31')).toBe(colourOf('expected-partial'));
    expect(daily.cell('upcoming_player_game_context', '2023-10-24')).toBe(colourOf('present'));
    expect(daily.cell('player_composite_factors', '2023-10-24')).toBe(colourOf('bootstrap'));
    expect(daily.cell('player_composite_factors', '2023-10-25')).toBe(colourOf('bootstrap'));
    expect(daily.cell('player_composite_factors', '2023-10-31')).toBe(colourOf('present'));
    expect(daily.cell('player_prop_predictions', '2023-11-03')).toBe(colourOf('missing'));
    expect(daily.cell('nbac_team_boxscore', '2023-11-06')).toBe(colourOf('future'));
    expect(daily.cell('player_prop_predictions', '2023-11-08')).toBe(colourOf('future'));
  });

  it('hatches failed cells, so they differ from the others in lightness as well as hue', () => {
    const rows = daily.layout.groups.flatMap((g) => g.rows);
    const row = rows.findIndex((r) => r.row.table === 'team_offense_game_summary');
    const column = daily.layout.columnX.findIndex((_, i) => i === FINAL.indexOf('2023-11-01'));
    expect(colours(daily.png, cellBox(daily.layout, row, column))).toBeGreaterThan(2);
  });

  it('draws a week per column past 240 game days, each showing its worst day', () => {
    expect(weekly.layout.columnX.length).toBeLessThan(60);
    expect(weekly.cell('team_offense_game_summary', '2022-11-14')).toBe(colourOf('present'));
    expect(weekly.cell('player_game_summary', '2022-11-14')).toBe(colourOf('missing'));
    expect(weekly.cell('team_defense_game_summary', '2022-11-14')).toBe(colourOf('failed'));
    // 2022-10-18..23: bootstrap days only; the next week has one (10-24) among present days.
    expect(weekly.cell('player_daily_cache', '2022-10-18')).toBe(colourOf('bootstrap'));
    expect(weekly.cell('player_daily_cache', '2022-10-24')).toBe(colourOf('bootstrap'));
    expect(weekly.cell('player_daily_cache', '2022-10-31')).toBe(colourOf('present'));
    expect(weekly.cell('player_game_summary', '2022-10-24')).toBe(colourOf('present'));
    expect(weekly.cell('nbac_team_boxscore', '2023-11-06')).toBe(colourOf('future'));
  });

  it('marks the season boundary with a line between the seasons’ columns', () => {
    const seasons = weekly.layout.seasons;
    expect(seasons.map((s) => s.label)).toEqual(['2022-23', '2023-24']);
    const x = Math.round(seasons[1]?.boundaryX ?? 0);
    const y = Math.round(weekly.layout.gridTop + 30);
    // A dashed line: within a few pixels down, some are dark.
    const dark = [0, 1, 2, 3, 4].filter((dy) => {
      const i = ((y + dy) * weekly.png.width + x) * 4;
      return (weekly.png.data[i] ?? 255) < 120;
    });
    expect(dark.length).toBeGreaterThan(0);
  });

  it('draws the words: the title, the row labels and the legend are not blank', () => {
    for (const drawn of [daily, weekly]) {
      const title = { x: 16, y: 10, width: 300, height: 24 };
      expect(colours(drawn.png, title)).toBeGreaterThan(5);
      const firstRow = drawn.layout.groups[0]?.rows[0];
      const label = { x: 16, y: firstRow?.y ?? 0, width: drawn.layout.gridLeft - 24, height: 13 };
      expect(colours(drawn.png, label)).toBeGreaterThan(5);
      const legend = drawn.layout.legend[0];
      const legendText = { x: (legend?.x ?? 0) + 18, y: legend?.y ?? 0, width: 80, height: 12 };
      expect(colours(drawn.png, legendText)).toBeGreaterThan(5);
    }
  });
});
