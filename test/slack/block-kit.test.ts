import type { KnownBlock, SectionBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import type { Block, Message } from '../../src/domain/message.js';
import { decodeActionValue } from '../../src/slack/render/action-value.js';
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
        { kind: 'actions', actions: [{ label: 'Show gaps', command: 'gaps 2023-24' }] },
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
    expect(sectionTexts(out.blocks)[0]).toBe('```Phase 3 analytics ██████████░░░░░░░░░░  50.0%   106/212```');
    expect(sectionTexts(out.blocks)[1]).toBe('*player_game_summary*\n2021-11-02..2021-11-09 (8)');
    const actions = out.blocks.at(-1);
    expect(actions?.type === 'actions' && actions.elements[0]).toMatchObject({
      type: 'button',
      action_id: 'followup:0',
      text: { text: 'Show gaps' },
    });
    expect(
      actions?.type === 'actions' && decodeActionValue((actions.elements[0] as { value?: string }).value),
    ).toEqual({ c: 'gaps 2023-24' });
    expect(out.text).toBe('summary');
  });

  it('cuts a long answer into parts of at most 50 blocks, each with a More button for the next', () => {
    const many: Block[] = [
      { kind: 'header', text: 'Failures' },
      ...Array.from({ length: 120 }, (_, i): Block => ({ kind: 'text', text: `group ${i}` })),
      { kind: 'actions', actions: [{ label: 'Status', command: 'status' }] },
    ];
    const first = renderBlockKit(message(many), { command: 'failures all' });
    expect(first.blocks.length).toBeLessThanOrEqual(50);
    const more = first.blocks.at(-1);
    const moreButton = more?.type === 'actions' ? more.elements[0] : undefined;
    expect(moreButton).toMatchObject({ action_id: 'more', text: { text: 'More (part 2 of 3)' } });
    expect(decodeActionValue((moreButton as { value?: string }).value)).toEqual({
      c: 'failures all',
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
        { kind: 'actions', actions: [{ label: 'b'.repeat(200), command: 'status' }] },
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
