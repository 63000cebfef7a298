import { formatRuns } from '../domain/compact-dates.js';
import type { Bar, Block, Message, Rich, Span, Tone } from '../domain/message.js';
import { spansOf } from '../domain/message.js';
import { textTable } from '../domain/text-table.js';

const BAR_WIDTH = 40;
const MAX_RUNS = 12;

export interface TextStyle {
  color: boolean;
  /** How a command span and a follow-up are written, e.g. "backfill-bot ". */
  prefix: string;
}

type Paint = keyof typeof ANSI;

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

function renderBars(bars: Bar[], paint: (s: string, t: Paint) => string): string[] {
  const labelWidth = Math.max(...bars.map((b) => b.label.length + (b.nested ? 2 : 0)));
  return bars.map((b) => {
    const label = `${b.nested ? '  ' : ''}${b.label}`.padEnd(labelWidth);
    const pct = b.total === 0 ? 100 : Math.round((b.done * 1000) / b.total) / 10;
    const numbers = `${pct.toFixed(1).padStart(5)}%  ${String(b.done).padStart(4)}/${String(b.total).padEnd(4)}`;
    const line = `${label}  ${paint(textBar(b.done, b.total, b.nested ? BAR_WIDTH - 10 : BAR_WIDTH), b.tone)} ${numbers}`;
    return b.note ? `${line}  ${paint(b.note, 'dim')}` : line;
  });
}

/**
 * Spans as terminal text: people by handle, commands as the shell types them, emphasis only in
 * colour. `base` paints the literal parts (a dim context line); a strong part is bold instead,
 * since the terminal ends bold and dim with one code.
 */
function spanText(span: Span, style: TextStyle, paint: (s: string, t: Paint) => string, base?: Paint) {
  const plain = (s: string) => (base ? paint(s, base) : s);
  if (typeof span === 'string') return plain(span);
  switch (span.kind) {
    case 'strong':
      return paint(span.text, 'bold');
    case 'em':
      return paint(span.text, 'dim');
    case 'code':
      return plain(span.text);
    case 'user':
    case 'group':
      return plain(`@${span.handle ?? span.id}`);
    case 'command':
      return plain(`${style.prefix}${span.words}`);
    case 'link':
      return plain(`${span.label} (${span.url})`);
    case 'break':
      return '\n';
  }
}

/** Renders the message model as plain terminal text (ANSI colour only when asked). */
export function renderText(message: Message, style: TextStyle): string {
  // Line by line, so every line the caller splits off starts and ends its own colour.
  const paint = (s: string, t: Paint) =>
    style.color
      ? s
          .split('\n')
          .map((line) => (line ? `${ANSI[t][0]}${line}${ANSI[t][1]}` : line))
          .join('\n')
      : s;
  const rich = (text: Rich, base?: Paint) =>
    spansOf(text)
      .map((span) => spanText(span, style, paint, base))
      .join('');
  const out: string[] = [];
  const render = (block: Block) => {
    switch (block.kind) {
      case 'header':
        // The line under the header is the answer's first word (a verdict, "stale: …"): no gap.
        out.push(paint(block.text, 'bold'));
        return;
      case 'text': {
        const tone = block.tone && block.tone !== 'neutral' ? block.tone : undefined;
        out.push(...rich(block.text, tone).split('\n'), '');
        return;
      }
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
        out.push(block.label, `    ${formatRuns(block.runs, MAX_RUNS)}`, '');
        return;
      case 'table':
        out.push(...textTable(block.columns, block.rows, { rule: true }), '');
        return;
      case 'divider':
        out.push(paint('─'.repeat(60), 'dim'), '');
        return;
      case 'context':
        out.push(...rich(block.text, 'dim').split('\n'));
        return;
      case 'actions': {
        // Only commands can be typed; a vote is cast in Slack.
        const next = block.actions.flatMap((a) =>
          a.intent.kind === 'command' ? [`${style.prefix}${a.intent.words}`] : [],
        );
        if (next.length) out.push('', `Next: ${next.join('  |  ')}`);
        return;
      }
    }
  };
  message.blocks.forEach(render);
  const text = out
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+/, '')
    .trimEnd();
  return `${text}\n`;
}
