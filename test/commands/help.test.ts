import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/cli/render-text.js';
import { helpResult } from '../../src/commands/help.js';
import { COMMANDS } from '../../src/commands/registry.js';

const text = (unknown: string | null = null) =>
  renderText(helpResult(COMMANDS, 'backfill-bot ', unknown).message, {
    color: false,
    prefix: 'backfill-bot ',
  });

describe('help', () => {
  it('lists each form of a command on its own line, its example beside a short one or under a long one', () => {
    const lines = text().split('\n');
    const group = (label: string) => {
      const start = lines.indexOf(label);
      const end = lines.indexOf('', start);
      return lines.slice(start + 1, end === -1 ? undefined : end);
    };
    expect(group('Look')).toEqual([
      'backfill-bot status [range] — e.g. backfill-bot status 2023-24',
      'backfill-bot gaps [range] [phase|table] — e.g. backfill-bot gaps 2021-22 analytics',
      'backfill-bot heatmap [range] [phase|table] — e.g. backfill-bot heatmap 2021-22 analytics',
      'backfill-bot plan <start> <end> [lookback-days]',
      '    e.g. backfill-bot plan 2024-11-08 2024-11-14 30',
      'backfill-bot failures [range] [phase|processor]',
      '    e.g. backfill-bot failures 2022-23 precompute',
      'backfill-bot runs [range] [phase|processor] [--started last Nh|Nd]',
      '    e.g. backfill-bot runs last 7d precompute',
      'backfill-bot quality [range] [phase|table] — e.g. backfill-bot quality 2022-23',
    ]);
    expect(group('Judge')).toEqual([
      'backfill-bot gate <0|1|2|3> [range]',
      'backfill-bot gate status <id>',
      'backfill-bot gate history [range]',
      '    e.g. backfill-bot gate 1 2021-22',
    ]);
    const commandsOf = (label: string) => [
      ...new Set(group(label).flatMap((l) => (l.startsWith('backfill-bot ') ? [l.split(' ')[1]] : []))),
    ];
    expect(commandsOf('Act')).toEqual(['rerun', 'watch']);
    expect(commandsOf('Schedule')).toEqual(['report', 'remind']);
    // One example per command, and every line within the CLI's 100 columns.
    expect(lines.filter((l) => l.includes('e.g. '))).toHaveLength(COMMANDS.length);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(100);
  });

  it('writes commands as spans, so Slack and the CLI each put their own prefix', () => {
    const slack = helpResult(COMMANDS, '/backfill ').message;
    const look = slack.blocks[1];
    expect(look?.kind === 'text' && look.text.slice(0, 3)).toEqual([
      { kind: 'strong', text: 'Look' },
      { kind: 'break' },
      { kind: 'command', words: 'status [range]' },
    ]);
    expect(JSON.stringify(slack)).not.toContain('/backfill');
    expect(JSON.stringify(slack)).not.toContain('backfill-bot status');
  });

  it('names status for stauts', () => {
    const result = helpResult(COMMANDS, 'backfill-bot ', 'stauts');
    expect(result.data).toMatchObject({ unknown: 'stauts', suggestion: 'status' });
    expect(result.message.summary).toBe('Unknown command "stauts": did you mean status?');
    expect(text('stauts').split('\n')[1]).toBe('Unknown command "stauts": did you mean backfill-bot status?');
  });

  it('names no command for a word close to none', () => {
    const result = helpResult(COMMANDS, 'backfill-bot ', 'frobnicate');
    expect(result.data).toMatchObject({ unknown: 'frobnicate', suggestion: null });
    expect(text('frobnicate').split('\n')[1]).toBe('Unknown command "frobnicate". These are the commands:');
  });

  it('keeps the --json shape: every command with name, usage, summary and example, now with its group', () => {
    const { data } = helpResult(COMMANDS, 'backfill-bot ');
    expect(Object.keys(data)).toEqual(['commands', 'rangeForms', 'unknown', 'suggestion']);
    expect(data.commands[0]).toEqual({
      name: 'status',
      group: 'look',
      usage: 'status [range]',
      summary: COMMANDS[0]?.summary,
      example: 'status 2023-24',
    });
    expect(data.commands.map((c) => c.group)).toEqual([
      'look',
      'look',
      'look',
      'look',
      'look',
      'look',
      'look',
      'judge',
      'act',
      'act',
      'schedule',
      'schedule',
    ]);
  });
});
