import { formatRuns } from '../domain/compact-dates.js';
import type { Bar, Block, Message, Rich, Span, Tone } from '../domain/message.js';
import { spansOf } from '../domain/message.js';
import { textTable } from '../domain/text-table.js';

const BAR_WIDTH = 40;
const MIN_BAR_WIDTH = 10;
const MAX_RUNS = 12;
/** No line is longer, whatever the terminal; a narrower `width` (COLUMNS) narrows it. */
export const MAX_LINE = 100;
const MIN_LINE = 40;

export interface TextStyle {
  color: boolean;
  /** How a command span and a follow-up are written, e.g. "backfill-bot ". */
  prefix: string;
  /** The terminal's columns (COLUMNS), when known: lines stay within it and MAX_LINE. */
  width?: number;
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

const NUMBERS_WIDTH = '100.0%  1234/1234'.length;

/**
 * One bar width for every row, nested or not, so the bars line up; it shrinks (down to
 * MIN_BAR_WIDTH) to keep a row within the line. A note that doesn't fit goes under its bar.
 */
function renderBars(bars: Bar[], paint: (s: string, t: Paint) => string, lineWidth: number): string[] {
  const labelWidth = Math.max(...bars.map((b) => b.label.length + (b.nested ? 2 : 0)));
  const fixed = labelWidth + 2 + 2 + 1 + NUMBERS_WIDTH;
  const barWidth = Math.max(MIN_BAR_WIDTH, Math.min(BAR_WIDTH, lineWidth - fixed));
  return bars.flatMap((b) => {
    const label = `${b.nested ? '  ' : ''}${b.label}`.padEnd(labelWidth);
    const pct = b.total === 0 ? 100 : Math.round((b.done * 1000) / b.total) / 10;
    const numbers = `${pct.toFixed(1).padStart(5)}%  ${String(b.done).padStart(4)}/${String(b.total).padEnd(4)}`;
    const row = `${label}  ${textBar(b.done, b.total, barWidth)} ${numbers}`;
    const line = `${label}  ${paint(textBar(b.done, b.total, barWidth), b.tone)} ${numbers}`;
    if (!b.note) return [line];
    if (row.trimEnd().length + 2 + b.note.length <= lineWidth)
      return [`${line.trimEnd()}  ${paint(b.note, 'dim')}`];
    return [line, `${' '.repeat(labelWidth + 4)}${paint(b.note, 'dim')}`];
  });
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape codes
const ANSI_CODE = /\x1b\[\d+m/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape codes
const ANSI_AT = /\x1b\[\d+m/y;
const visible = (line: string) => line.replace(ANSI_CODE, '').length;

/**
 * Wraps a line at spaces to `width` visible characters (a word longer than that is cut), each
 * continuation indented under the line's own indent; a colour open at a break is closed there and
 * opened again on the next line, so every line still starts and ends its own colour.
 */
export function wrapLine(line: string, width: number): string[] {
  if (visible(line) <= width) return [line];
  const indent = `${/^ */.exec(line)?.[0] ?? ''}  `.slice(0, Math.max(0, width - MIN_BAR_WIDTH));
  const out: string[] = [];
  let rest = line;
  let open = '';
  while (visible(rest) > width) {
    // Walk to the last space within `width` visible characters.
    let seen = 0;
    let cut = -1;
    let hard = rest.length;
    for (let i = 0; i < rest.length; i++) {
      ANSI_AT.lastIndex = i;
      const code = ANSI_AT.exec(rest)?.[0];
      if (code) {
        i += code.length - 1;
        continue;
      }
      if (seen === width) {
        hard = i;
        break;
      }
      if (rest[i] === ' ' && seen > indent.length) cut = i;
      seen++;
    }
    const at = cut > 0 ? cut : hard;
    const head = rest.slice(0, at);
    const codes = `${open}${head}`.match(ANSI_CODE) ?? [];
    const colour = codes.reduce(
      (c, code) => (code === '\x1b[39m' ? '' : /3[1-3]m/.test(code) ? code : c),
      '',
    );
    const weight = codes.reduce(
      (w, code) => (code === '\x1b[22m' ? '' : /\[[12]m/.test(code) ? code : w),
      '',
    );
    const closers = `${weight ? '\x1b[22m' : ''}${colour ? '\x1b[39m' : ''}`;
    out.push(`${head.trimEnd()}${closers}`);
    open = `${colour}${weight}`;
    rest = `${indent}${open}${rest.slice(cut > 0 ? at + 1 : at).trimStart()}`;
  }
  return [...out, rest];
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
  const lineWidth = Math.max(MIN_LINE, Math.min(MAX_LINE, style.width ?? MAX_LINE));
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
  // Table rows are never wrapped: a wrapped row loses its columns (a terminal scrolls sideways).
  const out: (string | { keep: string })[] = [];
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
        out.push(...renderBars(block.bars, paint, lineWidth), '');
        return;
      case 'dates':
        out.push(block.label, `    ${formatRuns(block.runs, MAX_RUNS)}`, '');
        return;
      case 'table':
        out.push(...textTable(block.columns, block.rows, { rule: true }).map((keep) => ({ keep })), '');
        return;
      case 'divider':
        out.push(paint('─'.repeat(Math.min(60, lineWidth)), 'dim'), '');
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
    .flatMap((line) =>
      typeof line === 'string' ? wrapLine(line.trimEnd(), lineWidth) : [line.keep.trimEnd()],
    )
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+/, '')
    .trimEnd();
  return `${text}\n`;
}
