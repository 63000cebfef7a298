import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandPorts } from '../../src/commands/command-context.js';
import { runCommand } from '../../src/commands/registry.js';
import { plainText } from '../../src/domain/message.js';
import { openRenderWorld, RANGE, type RenderWorld } from '../render/render-world.js';

// Issue 11: every answer opens with its verdict in one line, right under the header, before any
// facts, bars or tables; the footer (query context, follow-ups) stays last.

describe('verdict first', () => {
  let world: RenderWorld;
  beforeAll(async () => {
    world = await openRenderWorld();
  });
  afterAll(() => world.close());

  const opening = async (words: string[], ports?: CommandPorts) => {
    const { blocks } = (await runCommand(words, ports ?? world.partial, { prefix: '' })).message;
    const [header, verdict] = blocks;
    return {
      header: header?.kind,
      verdict: verdict?.kind === 'text' ? plainText(verdict.text) : `not a text block: ${verdict?.kind}`,
      last: blocks.slice(-2).map((b) => b.kind),
    };
  };

  it.each([
    [
      ['status', RANGE],
      'Phase 2 complete · Phase 3 incomplete: 2 dates missing (66.7%) · Phases 4, 5 wait on it · optional low: bdl_player_boxscores 83.3%',
    ],
    [['status', '2023-11-04'], 'No final games in this range: nothing is expected.'],
    [['gaps', RANGE], '4 tables with gaps: 4 dates missing'],
    [['failures', RANGE], 'Open failures: 3 processor-dates still failing · 1 resolved · 3 groups'],
    [['failures', RANGE, '2'], 'No failed runs in this range.'],
    [
      ['quality', RANGE],
      'Player-level coverage below 90%: 1 date of 3 · lowest good: player_shot_zone_analysis 60%',
    ],
    [
      ['plan', '2023-10-31', '2023-11-03', '7'],
      'To run: Phase 3: 2 dates · Phase 4: 1 date · Phase 5: 4 dates',
    ],
  ])('%j opens with its verdict line under the header', async (words, verdict) => {
    expect(await opening(words)).toEqual({ header: 'header', verdict, last: ['context', 'actions'] });
  });

  it('says there are no gaps first when the backfill filled them', async () => {
    expect((await opening(['gaps', RANGE, '3'], world.backfilled)).verdict).toBe(
      'No gaps: every expected date is present.',
    );
  });
});
