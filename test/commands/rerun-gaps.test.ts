import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planFromWarehouse } from '../../src/commands/rerun-facts.js';
import { parseRerunWords } from '../../src/commands/rerun-words.js';
import { openRenderWorld, RANGE, type RenderWorld } from '../render/render-world.js';

// `rerun gaps`: exactly the dates the coverage lacks, for the processors that write those tables
// (what the heatmap's Re-run gaps button asks for), never the present dates between them.

describe('rerun gaps', () => {
  let world: RenderWorld;
  beforeAll(async () => {
    world = await openRenderWorld();
  });
  afterAll(() => world.close());

  const plan = async (text: string, ports = world.partial) => {
    const words = parseRerunWords(text.split(' ').slice(1), ports);
    if (words.kind !== 'plan') throw new Error(`${text} is not a plan`);
    return { words, planned: await planFromWarehouse(words, ports) };
  };

  it('plans the missing dates of one table, and not its present ones', async () => {
    // player_game_summary has 2023-10-24, 10-25, 10-31 and 11-03 of the six game days.
    const { words, planned } = await plan(`rerun gaps ${RANGE} player_game_summary`);
    expect(words.source).toBe('gaps');
    expect(planned.ask.dates).toEqual({ PlayerGameSummaryProcessor: ['2023-11-01', '2023-11-02'] });
    expect(planned.plan.messages.flatMap((m) => m.dates)).toEqual(['2023-11-01', '2023-11-02']);
  });

  it('plans a phase’s gaps per processor, leaving out expected-partial tables and bootstrap days', async () => {
    const { planned } = await plan(`rerun gaps ${RANGE} precompute`);
    // Phase 4 has bootstrap 10-24..10-30 and misses only player_daily_cache on 11-03.
    expect(planned.ask.dates).toEqual({ PlayerDailyCacheProcessor: ['2023-11-03'] });
    const { planned: analytics } = await plan(`rerun gaps ${RANGE} analytics`);
    expect(Object.keys(analytics.ask.dates)).not.toContain('UpcomingPlayerGameContextProcessor');
  });

  it('counts an optional table’s gap too, as the heatmap draws it, and asks nothing once backfilled', async () => {
    const { planned } = await plan(`rerun gaps ${RANGE} raw`);
    expect(Object.values(planned.ask.dates)).toEqual([['2023-11-02']]);
    const { planned: none } = await plan(`rerun gaps ${RANGE} analytics`, world.backfilled);
    expect(none.plan.processorDates).toBe(0);
  });
});
