import { describe, expect, it } from 'vitest';
import { renderText, wrapLine } from '../../src/cli/render-text.js';
import {
  type Block,
  BREAK,
  code,
  command,
  em,
  followUp,
  group,
  type Message,
  strong,
  user,
} from '../../src/domain/message.js';

const message = (blocks: Block[]): Message => ({ summary: 'summary', tone: 'neutral', blocks });
const plain = { color: false, prefix: 'backfill-bot ' };

describe('CLI text rendering of rich text', () => {
  const text = [
    strong('Approved'),
    ' by ',
    user('U0LEAD1', 'lead1'),
    ' and ',
    user('U0LEAD2'),
    ' of ',
    group('S0LEADS', 'leads'),
    ': ',
    em('*known* gap'),
    BREAK,
    'run ',
    command('gate history'),
    ' for ',
    code('<@U1> & `x`'),
    ' · ',
    { kind: 'link' as const, url: 'https://example.com/runbook', label: 'runbook' },
  ];

  it('names people by handle (else id), commands as the shell types them, and markup-like text as written', () => {
    expect(renderText(message([{ kind: 'text', text }]), plain)).toBe(
      'Approved by @lead1 and @U0LEAD2 of @leads: *known* gap\n' +
        'run backfill-bot gate history for <@U1> & `x` · runbook (https://example.com/runbook)\n',
    );
  });

  it('paints strong bold and em dim only in colour, each line on its own, and keeps tone per line', () => {
    const out = renderText(
      message([{ kind: 'text', tone: 'bad', text: [strong('stale'), BREAK, 'player_game_summary'] }]),
      { ...plain, color: true },
    );
    expect(out).toBe('\x1b[1mstale\x1b[22m\n\x1b[31mplayer_game_summary\x1b[39m\n');
    const context = renderText(message([{ kind: 'context', text: ['a ', strong('b')] }]), {
      ...plain,
      color: true,
    });
    expect(context).toBe('\x1b[2ma \x1b[22m\x1b[1mb\x1b[22m\n');
  });

  it('puts the first line of the answer right under the header', () => {
    const out = renderText(
      message([
        { kind: 'header', text: 'Gate 1 · 2023-24 · g_1' },
        { kind: 'text', text: [strong('stale: data changed since approval')] },
        { kind: 'text', text: 'more' },
      ]),
      plain,
    );
    expect(out).toBe('Gate 1 · 2023-24 · g_1\nstale: data changed since approval\n\nmore\n');
  });

  it('offers only commands as next steps: a vote is cast in Slack', () => {
    const votes: Block = {
      kind: 'actions',
      actions: [
        { label: 'Approve', intent: { kind: 'gate.vote', requestId: 'g_1', vote: 'approve' } },
        followUp('Status', 'status 2023-24'),
        followUp('Gaps', 'gaps 2023-24'),
      ],
    };
    expect(renderText(message([votes]), plain)).toBe(
      'Next: backfill-bot status 2023-24  |  backfill-bot gaps 2023-24\n',
    );
    const onlyVotes: Block = {
      kind: 'actions',
      actions: [{ label: 'Approve', intent: { kind: 'gate.vote', requestId: 'g_1', vote: 'approve' } }],
    };
    expect(renderText(message([{ kind: 'text', text: 'x' }, onlyVotes]), plain)).toBe('x\n');
  });
});

describe('wrapLine: long lines within the terminal', () => {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape codes
  const visible = (line: string) => line.replace(/\x1b\[\d+m/g, '');

  it('breaks at spaces within the width, continuing under the line’s own indent', () => {
    const lines = wrapLine('  one two three four five six seven', 16);
    expect(lines).toEqual(['  one two three', '    four five', '    six seven']);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(16);
  });

  it('leaves a line that fits alone, and cuts a word longer than the width', () => {
    expect(wrapLine('short', 40)).toEqual(['short']);
    const cut = wrapLine('x'.repeat(50), 20);
    expect(cut.map((l) => visible(l).trim()).join('')).toBe('x'.repeat(50));
    for (const line of cut) expect(visible(line).length).toBeLessThanOrEqual(20);
  });

  it('counts only visible characters, and closes and reopens a colour at each break', () => {
    const red = '\x1b[31m';
    const end = '\x1b[39m';
    const lines = wrapLine(`${red}alpha beta gamma delta epsilon${end}`, 12);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) {
      expect(visible(line).length).toBeLessThanOrEqual(12);
      // Every line opens and closes its own colour, so a terminal never bleeds red into the next.
      // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape codes
      expect(line).toMatch(/\x1b\[31m.*\x1b\[39m$/);
    }
    expect(lines.map((l) => visible(l).trim()).join(' ')).toBe('alpha beta gamma delta epsilon');
  });

  it('keeps bold and colour apart: a bold word across a break is bold on both lines', () => {
    const lines = wrapLine('\x1b[1mbold words that wrap here\x1b[22m', 10);
    for (const line of lines) {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape codes
      expect(line).toMatch(/^ *\x1b\[1m.*\x1b\[22m$/);
    }
  });
});
