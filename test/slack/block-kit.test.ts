import type { Button, KnownBlock, SectionBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
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
import { decodeIntent } from '../../src/slack/render/action-value.js';
import { renderBlockKit } from '../../src/slack/render/block-kit.js';

const message = (blocks: Block[]): Message => ({ summary: 'summary', tone: 'neutral', blocks });
const sectionTexts = (blocks: KnownBlock[]) =>
  blocks.flatMap((b) =>
    b.type === 'section' && (b as SectionBlock).text ? [(b as SectionBlock).text?.text ?? ''] : [],
  );

describe('Block Kit rendering within Slack limits', () => {
  it('renders header, facts, bars, dates, context and follow-up buttons', () => {
    const out = renderBlockKit(
      message([
        { kind: 'header', text: 'Backfill status · season 2023-24' },
        { kind: 'facts', facts: [{ label: 'Range', value: '2023-10-24 → 2024-06-17' }] },
        { kind: 'bars', bars: [{ label: 'Phase 3 analytics', done: 106, total: 212, tone: 'bad' }] },
        {
          kind: 'dates',
          label: 'player_game_summary',
          runs: [{ start: '2021-11-02', end: '2021-11-09', count: 8 }],
          total: 8,
        },
        { kind: 'context', text: 'duckdb · 1 query' },
        { kind: 'actions', actions: [followUp('Show gaps', 'gaps 2023-24')] },
      ]),
      { command: 'status 2023-24' },
    );
    expect(out.blocks.map((b) => b.type)).toEqual([
      'header',
      'section',
      'section',
      'section',
      'context',
      'actions',
    ]);
    expect(sectionTexts(out.blocks)[0]).toBe('```Phase 3 analytics ██████████░░░░░░░░░░  50.0% 106/212```');
    expect(sectionTexts(out.blocks)[1]).toBe(
      '*player_game_summary*\n2021\u201111\u201102..2021\u201111\u201109 (8)',
    );
    const actions = out.blocks.at(-1);
    expect(actions?.type === 'actions' && actions.elements[0]).toMatchObject({
      type: 'button',
      action_id: 'followup:0',
      text: { text: 'Show gaps' },
    });
    expect(
      actions?.type === 'actions' && decodeIntent((actions.elements[0] as { value?: string }).value),
    ).toEqual({ kind: 'command', words: 'gaps 2023-24' });
    expect(out.text).toBe('summary');
  });

  it('cuts a long answer into parts of at most 50 blocks, each with a More button for the next', () => {
    const many: Block[] = [
      { kind: 'header', text: 'Failures' },
      ...Array.from({ length: 120 }, (_, i): Block => ({ kind: 'text', text: `group ${i}` })),
      { kind: 'actions', actions: [followUp('Status', 'status')] },
    ];
    const first = renderBlockKit(message(many), { command: 'failures all' });
    expect(first.blocks.length).toBeLessThanOrEqual(50);
    const more = first.blocks.at(-1);
    const moreButton = more?.type === 'actions' ? more.elements[0] : undefined;
    expect(moreButton).toMatchObject({ action_id: 'more', text: { text: 'More (part 2 of 3)' } });
    expect(decodeIntent((moreButton as { value?: string }).value)).toEqual({
      kind: 'command',
      words: 'failures all',
      page: 2,
    });
    const third = renderBlockKit(message(many), { command: 'failures all', page: 3 });
    expect(third.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Failures (part 3 of 3)' } });
    expect(
      third.blocks.some(
        (b) =>
          b.type === 'actions' && b.elements.some((e) => (e as { action_id?: string }).action_id === 'more'),
      ),
    ).toBe(false);
    const shown = [1, 2, 3].flatMap((page) =>
      sectionTexts(renderBlockKit(message(many), { command: 'x', page }).blocks),
    );
    expect(shown).toEqual(Array.from({ length: 120 }, (_, i) => `group ${i}`));
  });

  it('splits text over 3000 characters into sections and clips headers, fields and buttons', () => {
    const longText = Array.from({ length: 400 }, (_, i) => `line ${i} ${'x'.repeat(20)}`).join('\n');
    const out = renderBlockKit(
      message([
        { kind: 'header', text: 'h'.repeat(400) },
        { kind: 'text', text: longText },
        {
          kind: 'facts',
          facts: Array.from({ length: 23 }, (_, i) => ({ label: `f${i}`, value: 'v'.repeat(3000) })),
        },
        { kind: 'actions', actions: [followUp('b'.repeat(200), 'status')] },
      ]),
      { command: 'x' },
    );
    const header = out.blocks[0];
    expect(header?.type === 'header' && header.text.text.length).toBe(150);
    for (const text of sectionTexts(out.blocks)) expect(text.length).toBeLessThanOrEqual(3000);
    expect(sectionTexts(out.blocks).join('\n')).toBe(longText);
    const fieldSections = out.blocks.filter(
      (b) => b.type === 'section' && (b as SectionBlock).fields,
    ) as SectionBlock[];
    expect(fieldSections.map((s) => s.fields?.length)).toEqual([10, 10, 3]);
    for (const s of fieldSections)
      for (const f of s.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(2000);
    const actions = out.blocks.at(-1);
    expect(
      actions?.type === 'actions' && (actions.elements[0] as { text: { text: string } }).text.text.length,
    ).toBe(75);
  });
});

describe('Block Kit rendering of rich text', () => {
  const contextText = (blocks: KnownBlock[]) =>
    blocks.flatMap((b) =>
      b.type === 'context' ? b.elements.map((e) => (e as { text?: string }).text ?? '') : [],
    );

  it('writes each span as mrkdwn and a command with the front prefix', () => {
    const text = [
      strong('Approved'),
      ' by ',
      user('U0LEAD1', 'lead1'),
      ' for ',
      group('S0LEADS'),
      ': ',
      em('known gap'),
      BREAK,
      'see ',
      command('gate history'),
      ' and ',
      code('g_0123456789ab'),
      ' or ',
      { kind: 'link' as const, url: 'https://example.com/runbook?a=1&b=2', label: 'the runbook' },
    ];
    const slash = renderBlockKit(message([{ kind: 'text', text }]), { command: 'x' });
    expect(sectionTexts(slash.blocks)).toEqual([
      '*Approved* by <@U0LEAD1> for <!subteam^S0LEADS>: _known gap_\n' +
        'see `/backfill gate history` and `g_0123456789ab` or <https://example.com/runbook?a=1&b=2|the runbook>',
    ]);
    const other = renderBlockKit(message([{ kind: 'context', text: [command('status')] }]), {
      command: 'x',
      prefix: '/bf ',
    });
    expect(contextText(other.blocks)).toEqual(['`/bf status`']);
  });

  it('marks each line of a strong span on its own, with outer spaces outside the marks', () => {
    const out = renderBlockKit(message([{ kind: 'text', text: [strong(' two\nlines ')] }]), { command: 'x' });
    expect(sectionTexts(out.blocks)).toEqual([' *two*\n*lines* ']);
  });

  it('escapes every literal string, so echoed input never becomes a mention or a link', () => {
    const typed = 'not "<!channel> & <@U1> <https://x.example|y>"';
    const out = renderBlockKit(
      {
        summary: typed,
        tone: 'warn',
        blocks: [
          { kind: 'text', text: typed },
          { kind: 'text', text: [strong(typed)] },
          { kind: 'facts', facts: [{ label: '<!here>', value: typed }] },
          {
            kind: 'bars',
            title: '<!everyone>',
            bars: [{ label: '<@U1>', done: 1, total: 2, tone: 'warn', note: '&' }],
          },
          {
            kind: 'dates',
            label: '<!subteam^S1>',
            runs: [{ start: '2024-01-01', end: '2024-01-01', count: 1 }],
            total: 1,
          },
          { kind: 'table', columns: ['<a>'], rows: [['<!channel>']] },
          { kind: 'context', text: [code(typed), ' ', command('status <!channel>')] },
        ],
      },
      { command: 'x' },
    );
    const escaped = 'not "&lt;!channel&gt; &amp; &lt;@U1&gt; &lt;https://x.example|y&gt;"';
    expect(out.text).toBe(escaped);
    const texts = sectionTexts(out.blocks);
    expect(texts.slice(0, 2)).toEqual([escaped, `*${escaped}*`]);
    expect(texts[2]).toBe('*&lt;!everyone&gt;*');
    expect(texts[3]).toBe('```&lt;@U1&gt; ██████████░░░░░░░░░░  50.0% 1/2  &amp;```');
    expect(texts[4]).toBe('*&lt;!subteam^S1&gt;*\n2024\u201101\u201101');
    expect(texts[5]).toBe('```&lt;a&gt;\n&lt;!channel&gt;```');
    const fields = out.blocks.flatMap((b) =>
      b.type === 'section' ? ((b as SectionBlock).fields ?? []) : [],
    );
    expect(fields.map((f) => f.text)).toEqual([`*&lt;!here&gt;*\n${escaped}`]);
    expect(contextText(out.blocks)).toEqual([`\`${escaped}\` \`/backfill status &lt;!channel&gt;\``]);
  });

  it('writes a mention only for a Slack id, and a link only for a web or mail address', () => {
    const out = renderBlockKit(
      message([
        {
          kind: 'text',
          text: [
            user('U1><!channel', 'x'),
            ' ',
            group('S1|y'),
            ' ',
            { kind: 'link', url: 'javascript:alert(1)', label: '<b>' },
          ],
        },
      ]),
      { command: 'x' },
    );
    expect(sectionTexts(out.blocks)).toEqual(['@x @S1|y &lt;b&gt; (javascript:alert(1))']);
  });

  it('leaves header and button text unescaped (plain_text), on one line and never empty', () => {
    const out = renderBlockKit(
      message([
        { kind: 'header', text: 'Gaps & <gate>\nsecond line' },
        { kind: 'actions', actions: [followUp('Q&A <x>', 'help'), followUp('  ', 'help')] },
      ]),
      { command: 'x' },
    );
    expect(out.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'Gaps & <gate> second line', emoji: true },
    });
    const actions = out.blocks.at(-1);
    expect(actions?.type === 'actions' && actions.elements.map((e) => (e as Button).text.text)).toEqual([
      'Q&A <x>',
      '…',
    ]);
  });

  it('routes gate votes by action id and carries the request in the value', () => {
    const out = renderBlockKit(
      message([
        {
          kind: 'actions',
          actions: [
            {
              label: 'Approve',
              style: 'primary',
              intent: { kind: 'gate.vote', requestId: 'g_1', vote: 'approve' },
            },
            {
              label: 'Reject',
              style: 'danger',
              intent: { kind: 'gate.vote', requestId: 'g_1', vote: 'reject' },
            },
            followUp('Status', 'status 2023-24'),
          ],
        },
      ]),
      { command: 'gate 1' },
    );
    const actions = out.blocks.at(-1);
    const buttons = actions?.type === 'actions' ? (actions.elements as Button[]) : [];
    expect(buttons.map((b) => [b.action_id, b.style, decodeIntent(b.value)])).toEqual([
      ['gate:approve', 'primary', { kind: 'gate.vote', requestId: 'g_1', vote: 'approve' }],
      ['gate:reject', 'danger', { kind: 'gate.vote', requestId: 'g_1', vote: 'reject' }],
      ['followup:2', undefined, { kind: 'command', words: 'status 2023-24' }],
    ]);
  });

  it('drops a button whose value would pass 2000 characters', () => {
    const out = renderBlockKit(
      message([{ kind: 'actions', actions: [followUp('Long', 'x'.repeat(2000))] }]),
      {
        command: 'x',
      },
    );
    expect(out.blocks.some((b) => b.type === 'actions')).toBe(false);
  });

  it('clips long mrkdwn without leaving half an entity', () => {
    const out = renderBlockKit(message([{ kind: 'context', text: '&'.repeat(3000) }]), { command: 'x' });
    const [text] = contextText(out.blocks);
    expect(text?.length).toBeLessThanOrEqual(3000);
    expect(text).toMatch(/^(&amp;)+…$/);
  });
});
