import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/cli/render-text.js';
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
