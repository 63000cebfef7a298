import { formatRuns } from '../domain/compact-dates.js';
import type { Bar, Block, Message, Tone } from '../domain/message.js';
import { textTable } from '../domain/text-table.js';

const BAR_WIDTH = 40;
const MAX_RUNS = 12;

export interface TextStyle {
  color: boolean;
  /** How a follow-up command is written, e.g. "backfill-bot ". */
  prefix: string;
}

const ANSI: Record<Tone | 'bold' | 'dim', [string, string]> = {
  good: ['\x1b[32m', '\x1b[39m'],
  warn: ['\x1b[33m', '\x1b[39m'],
  bad: ['\x1b[31m', '\x1b[39m'],
  neutral: ['', ''],
  bold: ['\x1b[1m', '\x1b[22m'],
  dim: ['\x1b[2m', '\x1b[22m'],
};

/** The seeds' monitor bar: [==========----------] */
export function textBar(done: number, total: number, width = BAR_WIDTH): string {
  const filled = total === 0 ? width : Math.floor((done / total) * width);
  return `[${'='.repeat(filled)}${'-'.repeat(width - filled)}]`;
}

function renderBars(bars: Bar[], paint: (s: string, t: keyof typeof ANSI) => string): string[] {
  const labelWidth = Math.max(...bars.map((b) => b.label.length + (b.nested ? 2 : 0)));
  return bars.map((b) => {
    const label = `${b.nested ? '  ' : ''}${b.label}`.padEnd(labelWidth);
    const pct = b.total === 0 ? 100 : Math.round((b.done * 1000) / b.total) / 10;
    const numbers = `${pct.toFixed(1).padStart(5)}%  ${String(b.done).padStart(4)}/${String(b.total).padEnd(4)}`;
    const line = `${label}  ${paint(textBar(b.done, b.total, b.nested ? BAR_WIDTH - 10 : BAR_WIDTH), b.tone)} ${numbers}`;
    return b.note ? `${line}  ${paint(b.note, 'dim')}` : line;
  });
}

/** Renders the message model as plain terminal text (ANSI colour only when asked). */
export function renderText(message: Message, style: TextStyle): string {
  const paint = (s: string, t: keyof typeof ANSI) => (style.color ? `${ANSI[t][0]}${s}${ANSI[t][1]}` : s);
  // The model's light markup: *bold*, _emphasis_, `code`.
  const inline = (s: string) =>
    s
      .replace(/\*([^*\n]+)\*/g, (_, x: string) => paint(x, 'bold'))
      .replace(/(^|\s)_([^_\n]+)_(?=\s|$)/g, (_, pre: string, x: string) => `${pre}${paint(x, 'dim')}`)
      .replace(/`([^`\n]+)`/g, '$1');
  const out: string[] = [];
  const render = (block: Block) => {
    switch (block.kind) {
      case 'header':
        out.push(paint(block.text, 'bold'), '');
        return;
      case 'text':
        out.push(
          ...inline(block.text)
            .split('\n')
            .map((l) => (block.tone && block.tone !== 'neutral' ? paint(l, block.tone) : l)),
          '',
        );
        return;
      case 'facts': {
        const width = Math.max(...block.facts.map((f) => f.label.length));
        out.push(...block.facts.map((f) => `${`${f.label}:`.padEnd(width + 1)}  ${f.value}`), '');
        return;
      }
      case 'bars':
        if (block.title) out.push(paint(block.title, 'bold'));
        out.push(...renderBars(block.bars, paint), '');
        return;
      case 'dates':
        out.push(inline(block.label), `    ${formatRuns(block.runs, MAX_RUNS)}`, '');
        return;
      case 'table':
        out.push(...textTable(block.columns, block.rows, { rule: true }), '');
        return;
      case 'divider':
        out.push(paint('─'.repeat(60), 'dim'), '');
        return;
      case 'context':
        out.push(paint(inline(block.text), 'dim'));
        return;
      case 'actions':
        out.push('', `Next: ${block.actions.map((a) => `${style.prefix}${a.command}`).join('  |  ')}`);
        return;
    }
  };
  message.blocks.forEach(render);
  const text = out
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd();
  return `${text}\n`;
}
