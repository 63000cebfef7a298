import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/commands/registry.js';
import { plural } from '../../src/domain/message.js';
import { renderBoth } from '../support/render-fixture.js';
import { openRenderWorld, type RenderWorld } from './render-world.js';

// Counts of one read as English in every answer: "1 date", "1 failed run", never "1 dates".
const ONE_OF_MANY = /\b1 (dates|tables|processors|failed runs|runs|groups|approvals|days|rows|milestones)\b/;

describe('counts of one are singular', () => {
  let world: RenderWorld;
  beforeAll(async () => {
    world = await openRenderWorld();
  });
  afterAll(() => world.close());

  const answer = async (words: string[]) => {
    const { message } = await runCommand(words, world.partial, { prefix: 'backfill-bot ' });
    const { slack, text } = renderBoth(message, { command: words.join(' ') });
    return { summary: message.summary, all: `${message.summary}\n${text}\n${JSON.stringify(slack)}` };
  };

  it('plural() says "1 date" and "2 dates"', () => {
    expect(plural(1, 'date')).toBe('1 date');
    expect(plural(0, 'date')).toBe('0 dates');
    expect(plural(2, 'failed run')).toBe('2 failed runs');
    expect(plural(3, 'watch')).toBe('3 watches');
    expect(plural(1, 'watch')).toBe('1 watch');
  });

  it('gaps of one table on one date', async () => {
    const { summary, all } = await answer(['gaps', '2023-11-03', 'player_daily_cache']);
    expect(summary).toMatch(/^1 table has gaps on 1 date;/);
    expect(all).not.toMatch(ONE_OF_MANY);
  });

  it('runs of one processor with one failed run', async () => {
    const { summary, all } = await answer(['runs', '2023-11-03', 'PlayerDailyCacheProcessor']);
    expect(summary).toMatch(/^1 processor ran in .*; 1 failed run$/);
    expect(all).not.toMatch(ONE_OF_MANY);
  });

  it('failures in one group', async () => {
    const { summary, all } = await answer(['failures', '2023-11-03', 'PlayerDailyCacheProcessor']);
    expect(summary).toMatch(/in 1 group$/);
    expect(all).not.toMatch(ONE_OF_MANY);
  });

  it('status and plan of a single date', async () => {
    for (const words of [
      ['status', '2023-11-03'],
      ['plan', '2023-11-03', '2023-11-03', '1'],
    ]) {
      const { all } = await answer(words);
      expect(all, words.join(' ')).not.toMatch(ONE_OF_MANY);
    }
  });
});
