import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeatmapData } from '../../src/commands/heatmap.js';
import { runCommand } from '../../src/commands/registry.js';
import { parseRerunWords } from '../../src/commands/rerun-words.js';
import { BadInputError } from '../../src/domain/errors.js';
import { plainText } from '../../src/domain/message.js';
import { openRenderWorld, RANGE, type RenderWorld } from '../render/render-world.js';

// The heatmap command on the render world (early 2023-24, today 2023-11-05): Phase 2 misses an
// optional table's day, Phase 3 two days (one with an open failure), Phase 4 one (open failures on
// two days), Phase 5 everything after bootstrap.

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe('heatmap', () => {
  let world: RenderWorld;
  beforeAll(async () => {
    world = await openRenderWorld();
  });
  afterAll(() => world.close());

  const heatmap = (words: string[], ports = world.partial) =>
    runCommand(['heatmap', ...words], ports, { prefix: '' });

  it('opens with its verdict, counts per table, and comes with the PNG and its alt text', async () => {
    const result = await heatmap([RANGE]);
    const data = result.data as HeatmapData;
    const [header, verdict] = result.message.blocks;
    expect(header).toEqual({ kind: 'header', text: `Coverage heatmap · ${RANGE}` });
    expect(verdict?.kind === 'text' && plainText(verdict.text)).toBe(
      'Coverage heatmap: 4 tables with gaps · 3 failed dates',
    );
    expect(data.totals).toEqual({
      tables: 14,
      tablesWithGaps: 4,
      gapDates: 4,
      tablesWithFailures: 3,
      failedDates: 3,
    });
    const counts = Object.fromEntries(data.tables.map((t) => [t.table, [t.gaps, t.failed]]));
    expect(counts).toMatchObject({
      bdl_player_boxscores: [1, 0],
      player_game_summary: [2, 1],
      player_composite_factors: [0, 1],
      player_daily_cache: [1, 1],
      player_prop_predictions: [4, 0],
      upcoming_player_game_context: [0, 0],
    });
    expect(data.tables.find((t) => t.table === 'upcoming_player_game_context')?.states).toEqual({
      failed: 0,
      missing: 0,
      'expected-partial': 4,
      bootstrap: 0,
      present: 2,
      future: 0,
    });
    expect(data).toMatchObject({
      bucket: 'day',
      columns: 6,
      gameDays: 6,
      drawnAt: '2023-11-05T12:00:00.000Z',
    });
    const [file] = result.files ?? [];
    expect([...(file?.bytes.subarray(0, 8) ?? [])]).toEqual(PNG_SIGNATURE);
    expect(file?.filename).toBe('coverage-heatmap-2023-10-24-to-2023-11-04.png');
    expect(file?.title).toBe(`Coverage heatmap · ${RANGE}`);
    expect(file?.altText).toContain('Gaps or failures in 5 tables: bdl_player_boxscores 1 missing; ');
    expect(file?.altText).toContain('player_game_summary 2 missing, 1 failed');
    // The JSON stays small: the image by name and size, never its bytes.
    expect(data.image).toEqual({
      filename: file?.filename,
      width: expect.any(Number),
      height: expect.any(Number),
      bytes: file?.bytes.length,
    });
    expect(JSON.stringify(data).length).toBeLessThan(6000);
  });

  it('reads coverage and failures side by side: one round trip, two queries', async () => {
    const data = (await heatmap([RANGE])).data as HeatmapData;
    expect(data.query).toMatchObject({ warehouse: 'duckdb', roundTrips: 1, queries: 2 });
  });

  it('offers Re-run gaps for the earliest phase with gaps, in words the rerun grammar takes', async () => {
    const { data, message } = await heatmap([RANGE]);
    expect((data as HeatmapData).rerun).toBe('rerun gaps 2023-11-02 bdl_player_boxscores');
    const actions = message.blocks.find((b) => b.kind === 'actions');
    expect(actions?.kind === 'actions' && actions.actions.map((a) => [a.label, a.intent])).toEqual([
      [
        'Re-run gaps: bdl_player_boxscores (1 date)',
        { kind: 'command', words: 'rerun gaps 2023-11-02 bdl_player_boxscores' },
      ],
      ['Show gaps', { kind: 'command', words: `gaps ${RANGE}` }],
      ['Failures', { kind: 'command', words: `failures ${RANGE}` }],
      ['Status', { kind: 'command', words: `status ${RANGE}` }],
    ]);
    const words = (data as HeatmapData).rerun?.split(' ') ?? [];
    const parsed = parseRerunWords(words.slice(1), world.partial);
    expect(parsed).toMatchObject({ kind: 'plan', source: 'gaps', target: { kind: 'table' } });
    const plan = await runCommand(words, world.partial, { prefix: '' });
    expect((plan.data as { plan: { steps: { processors: object }[] } }).plan.steps).toEqual([
      { index: 0, phase: 2, processors: { BdlBoxscoresProcessor: ['2023-11-02'] }, dependsOn: null },
    ]);
  });

  it('draws one phase when asked, and re-runs the one table of it with gaps', async () => {
    const { data } = await heatmap([RANGE, 'analytics']);
    const d = data as HeatmapData;
    expect(d.filter).toBe('phase 3');
    expect(d.tables.map((t) => t.phase)).toEqual([3, 3, 3, 3, 3]);
    expect(d.rerun).toBe('rerun gaps 2023-11-01..2023-11-02 player_game_summary');
  });

  it('says there is nothing to draw in a range without games, with no picture', async () => {
    const result = await heatmap(['2023-07-01..2023-07-31']);
    expect(result.files).toBeUndefined();
    expect((result.data as HeatmapData).image).toBeNull();
    expect(result.message.summary).toBe(
      '2023-07-01..2023-07-31: Coverage heatmap: nothing to draw, no final or scheduled games in this range.',
    );
  });

  it('refuses an unknown target, naming what it accepts', async () => {
    const refused = await heatmap([RANGE, 'analytcs']).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BadInputError);
    expect((refused as BadInputError).message).toBe('unknown phase or table "analytcs"');
    expect((refused as BadInputError).hint).toBe('Did you mean analytics?');
    const nothingLike = (await heatmap([RANGE, 'zzzz']).catch((e: unknown) => e)) as BadInputError;
    expect(nothingLike.hint).toMatch(
      /^Accepted phases: 2 \(raw\), 3 \(analytics\), 4 \(precompute\), 5 \(predictions\); tables \(14\)/,
    );
  });

  it('refuses a bad range, listing the ranges it accepts, and more than one target', async () => {
    const badDate = (await heatmap(['2023-02-30']).catch((e: unknown) => e)) as BadInputError;
    expect(badDate.message).toBe('2023-02-30 is not a real calendar date');
    expect(badDate.hint).toMatch(/^Accepted ranges: a season \(2023-24\), current, all/);
    const two = (await heatmap([RANGE, '3', '4']).catch((e: unknown) => e)) as BadInputError;
    expect(two.message).toBe('heatmap takes a range and one phase or table, not "3 4"');
    expect(two.hint).toBe('Example: heatmap 2021-22 analytics');
  });

  it('explains what it would scan instead of drawing, like status and gaps', async () => {
    const result = await runCommand(['heatmap', RANGE], world.partial, { prefix: '', explain: true });
    expect(result.files).toBeUndefined();
    expect((result.data as { command: string }).command).toBe('heatmap');
  });
});
