import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/commands/registry.js';
import { parseWatchWords } from '../../src/commands/watch.js';
import type { BadInputError } from '../../src/domain/errors.js';
import { plainText } from '../../src/domain/message.js';
import { openWatchWorld, RANGE, type WatchWorld } from '../actions/watch-world.js';

// The watch grammar, and what the command answers where it is a read: the view now, and the list.

describe('watch words', () => {
  let world: WatchWorld;
  beforeAll(async () => {
    world = await openWatchWorld();
  });
  afterAll(() => world.close());
  const parse = (text: string) => parseWatchWords(text.split(' ').filter(Boolean), world.ports);
  const refusal = (text: string): BadInputError => {
    try {
      parse(text);
    } catch (error) {
      return error as BadInputError;
    }
    throw new Error(`"${text}" was accepted`);
  };

  it('takes a range, a phase or table, and every <time> in any order, every 5m by default', () => {
    expect(parse('2021-22 analytics every 90s')).toMatchObject({
      kind: 'start',
      range: { start: '2021-10-19', label: 'season 2021-22' },
      target: '3',
      everySeconds: 90,
      text: 'watch 2021-22 3 every 90s',
    });
    expect(parse('every 1h 2021-22 player_game_summary')).toMatchObject({
      target: 'player_game_summary',
      everySeconds: 3600,
      text: 'watch 2021-22 player_game_summary every 1h',
    });
    expect(parse(RANGE)).toMatchObject({ target: null, everySeconds: 300, text: `watch ${RANGE} every 5m` });
    expect(parse('')).toMatchObject({
      kind: 'start',
      range: { label: expect.stringMatching(/^current season/) },
    });
    expect(parse('list')).toEqual({ kind: 'list' });
    expect(parse('stop w_0123456789ab')).toEqual({ kind: 'stop', id: 'w_0123456789ab' });
  });

  it('refuses updates faster than every 30 s and words it does not know, saying what is accepted', () => {
    expect(refusal('2021-22 every 10s')).toMatchObject({
      message: 'A watch updates at most every 30 s, not every 10s',
      hint: 'Accepted: every 30s to every 6h, in s, m or h: every 30s, every 5m, every 1h.',
    });
    expect(refusal('2021-22 every').message).toBe('every needs a time, e.g. every 5m');
    expect(refusal('2021-22 every5m').message).toBe('write "every 5m" with a space, not "every5m"');
    expect(refusal('2021-22 every 5m every 1h').message).toBe('watch takes one "every"');
    expect(refusal('2021-22 nonesuch').message).toBe('unknown phase or table "nonesuch"');
    expect(refusal('2021-22 3 4').message).toBe('watch takes a range and one phase or table, not "3 4"');
    expect(refusal('list all').message).toBe('watch list takes nothing, not "all"');
    expect(refusal('stop').message).toBe('watch stop needs a watch id');
    expect(refusal('stop 42')).toMatchObject({
      message: 'watch stop takes one watch id like w_0123456789ab, not "42"',
      hint: 'watch list shows the watches and their ids.',
    });
  });

  it('answers the view now where it cannot keep a message updated (the CLI), in one round trip', async () => {
    const { data, message } = await runCommand(['watch', RANGE, 'analytics'], world.ports, {
      prefix: 'backfill-bot ',
    });
    expect(data).toMatchObject({ target: '3', query: { warehouse: 'duckdb', roundTrips: 1, queries: 3 } });
    expect(message.summary).toBe(`Watch ${RANGE} (phase 3): 1 of 1 phase to go now`);
    const context = message.blocks.find((b) => b.kind === 'context');
    expect(context?.kind === 'context' && plainText(context.text)).toBe(
      `Started in Slack with these words (watch ${RANGE} 3 every 5m), a watch posts this in the channel and redraws it every 5m until the range is complete.`,
    );
    expect(message.blocks.some((b) => b.kind === 'actions')).toBe(false);
  });

  it('lists the watches from the store, running first, with their progress', async () => {
    const { watch } = await world.start(`watch ${RANGE} analytics`);
    const { data, message } = await runCommand(['watch', 'list'], world.ports, { prefix: 'backfill-bot ' });
    expect(data).toEqual({
      watches: [
        {
          id: watch?.id,
          state: 'active',
          channel: 'C0OPS',
          range: { start: '2021-11-01', end: '2021-11-06' },
          label: RANGE,
          target: '3',
          everySeconds: 300,
          startedBy: 'U0RANDO',
          startedAt: '2026-11-23T13:00:00.000Z',
          endedAt: null,
          stoppedBy: null,
          phases: [{ phase: 3, complete: 2, expected: 6 }],
        },
      ],
    });
    const table = message.blocks.find((b) => b.kind === 'table');
    expect(table?.kind === 'table' && table.rows).toEqual([
      [watch?.id, 'active', `${RANGE} · 3`, '5m', '2026-11-23 13:00 UTC', '@rando', 'P3 2/6'],
    ]);
  });
});
