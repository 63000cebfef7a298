import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../src/cli/cli-args.js';
import { parseSlackText } from '../../src/slack/slack-text.js';

describe('runs --started travels as words', () => {
  it('keeps --started where it was typed, whether its window is quoted or not', () => {
    expect(parseCliArgs(['runs', 'last', '7d', 'precompute', '--started', 'last 1h']).words).toEqual([
      'runs',
      'last',
      '7d',
      'precompute',
      '--started',
      'last',
      '1h',
    ]);
    expect(parseCliArgs(['runs', '--started', 'last', '24h', '--json']).words).toEqual([
      'runs',
      '--started',
      'last',
      '24h',
    ]);
  });

  it('passes --started through the Slack text to the command', () => {
    expect(parseSlackText('runs --started last 24h --public')).toEqual({
      words: ['runs', '--started', 'last', '24h'],
      isPublic: true,
      explain: false,
    });
  });
});
