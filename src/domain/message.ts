import type { DateRun } from './compact-dates.js';

// The neutral message model every command and action returns. Renderers (CLI text, Slack Block Kit,
// the stand-in page) know their own syntax and limits; nothing here knows Slack. Text that is more
// than words (a person, a group, a command to type, code) is a typed span, never markup in a string:
// a renderer writes `<@U…>` or `@lead1`, `/backfill gate history` or `backfill-bot gate history`.

export type Tone = 'good' | 'warn' | 'bad' | 'neutral';

/**
 * One piece of rich text. A plain string is literal text: renderers escape it (Block Kit: `&`, `<`,
 * `>`), so text a user typed and we echo can never become a mention or a link.
 */
export type Span =
  | string
  | { kind: 'strong'; text: string }
  | { kind: 'em'; text: string }
  | { kind: 'code'; text: string }
  /** A person; `handle` (e.g. "lead1", as Slack named them when they acted) lets the CLI say @lead1. */
  | { kind: 'user'; id: string; handle?: string | null }
  | { kind: 'group'; id: string; handle?: string | null }
  /** Words of our grammar to type; the front adds its prefix ("/backfill " or "backfill-bot "). */
  | { kind: 'command'; words: string }
  | { kind: 'link'; url: string; label: string }
  | { kind: 'break' };

/** Rich text: a string (one literal span) or spans in order. */
export type Rich = string | readonly Span[];

export const strong = (text: string): Span => ({ kind: 'strong', text });
export const em = (text: string): Span => ({ kind: 'em', text });
export const code = (text: string): Span => ({ kind: 'code', text });
export const user = (id: string, handle?: string | null): Span => ({
  kind: 'user',
  id,
  handle: handle ?? null,
});
export const group = (id: string, handle?: string | null): Span => ({
  kind: 'group',
  id,
  handle: handle ?? null,
});
export const command = (words: string): Span => ({ kind: 'command', words });
export const BREAK: Span = { kind: 'break' };

/**
 * Rich text from a template: literal parts and interpolated strings are literal text, interpolated
 * spans (user(...), strong(...)) stay typed. `rich\`Approved by ${user(id)}: ${reason}\``.
 */
export function rich(parts: TemplateStringsArray, ...values: (Span | readonly Span[] | number)[]): Span[] {
  const out: Span[] = [];
  parts.forEach((part, i) => {
    if (part) out.push(part);
    if (i >= values.length) return;
    const value = values[i];
    if (typeof value === 'number') out.push(String(value));
    else if (Array.isArray(value)) out.push(...(value as readonly Span[]));
    else out.push(value as Span);
  });
  return out;
}

/** Joins rich texts with a literal separator. */
export function joinRich(items: readonly Rich[], separator: string): Span[] {
  const out: Span[] = [];
  items.forEach((item, i) => {
    if (i > 0) out.push(separator);
    out.push(...spansOf(item));
  });
  return out;
}

export const spansOf = (text: Rich): readonly Span[] => (typeof text === 'string' ? [text] : text);

/** The words only, no markup: summaries, logs, notification text. Users and groups by handle or id. */
export function plainText(text: Rich, prefix = ''): string {
  return spansOf(text)
    .map((s) => {
      if (typeof s === 'string') return s;
      switch (s.kind) {
        case 'user':
        case 'group':
          return `@${s.handle ?? s.id}`;
        case 'command':
          return `${prefix}${s.words}`;
        case 'link':
          return `${s.label} (${s.url})`;
        case 'break':
          return '\n';
        default:
          return s.text;
      }
    })
    .join('');
}

export interface Bar {
  label: string;
  done: number;
  total: number;
  tone: Tone;
  /** Shown after the numbers, e.g. "expected partial" or "7 bootstrap days excluded". */
  note?: string;
  /** Indented under the previous top-level bar (a table under its phase). */
  nested?: boolean;
}

/**
 * What pressing a button does. Fronts carry it in the button (a typed, versioned payload) and route
 * on `kind`; the CLI shows `command` intents as the next command to type and omits the others.
 */
export type Intent =
  /** Run these words (our grammar) and answer the presser; `page` asks for a later part. */
  | { kind: 'command'; words: string; page?: number }
  /** Cast a vote on a gate request. */
  | { kind: 'gate.vote'; requestId: string; vote: 'approve' | 'reject' }
  /** Confirm or cancel one's re-run plan, or approve one over the size limit. */
  | { kind: 'rerun'; requestId: string; act: 'confirm' | 'cancel' | 'approve' }
  /** Record a milestone's decision (the champion decision on an ML monitoring reminder). */
  | { kind: 'milestone'; milestoneId: string; choice: 'promote' | 'keep' | 'retrain' }
  /** Stop a live backfill watch (its starter, operators and approvers may). */
  | { kind: 'watch.stop'; watchId: string };

export interface Action {
  label: string;
  style?: 'primary' | 'danger';
  intent: Intent;
}

/** A follow-up button that runs `words`. */
export const followUp = (label: string, words: string, style?: Action['style']): Action => ({
  label,
  intent: { kind: 'command', words },
  ...(style ? { style } : {}),
});

export type Block =
  | { kind: 'header'; text: string }
  | { kind: 'text'; text: Rich; tone?: Tone }
  | { kind: 'facts'; facts: { label: string; value: string }[] }
  | { kind: 'bars'; title?: string; bars: Bar[] }
  | { kind: 'dates'; label: string; runs: DateRun[]; total: number }
  | { kind: 'table'; columns: string[]; rows: string[][] }
  | { kind: 'divider' }
  | { kind: 'context'; text: Rich }
  | { kind: 'actions'; actions: Action[] };

export interface Message {
  /** One line that stands for the whole message (notification text, CLI first line): plain words. */
  summary: string;
  tone: Tone;
  blocks: Block[];
}

/**
 * A file a message comes with (the heatmap's PNG). Fronts deliver it their own way: Slack uploads
 * it to the channel above the message, the CLI writes it where `--out` says. Never in `data`.
 */
export interface FileAttachment {
  bytes: Uint8Array;
  /** With its extension ("coverage-heatmap.png"): chat systems tell the format by it. */
  filename: string;
  title: string;
  /** The picture in words, for people who cannot see it. */
  altText: string;
}

/** What a command returns: the stable JSON shape (`--json`), the message to render, and its files. */
export interface CommandResult<T = unknown> {
  data: T;
  message: Message;
  files?: FileAttachment[];
}

interface FormBase {
  title: string;
  submitLabel: string;
  intro: Rich;
  fields: { id: string; label: string; multiline: boolean; required: boolean }[];
}

/**
 * A form that asks the person who acted for more (a reason). Fronts render it (a Slack modal);
 * `payload` comes back with the submission, as a typed, versioned value the front parses; `kind`
 * names the core operation the submission goes to.
 */
export type Form =
  | (FormBase & {
      kind: 'gate.vote';
      payload: { requestId: string; vote: 'approve' | 'reject'; channel: string };
    })
  | (FormBase & { kind: 'rerun.confirm'; payload: { requestId: string; channel: string } });

/** "dates", "watches": the plural of a noun in our messages (regular ones; none of ours is irregular). */
export const pluralWord = (word: string): string => `${word}${/(s|sh|ch|x|z)$/.test(word) ? 'es' : 's'}`;

/** "1 date", "2 dates", "3 watches": counts in message text read as English. */
export const plural = (n: number, word: string): string => `${n} ${n === 1 ? word : pluralWord(word)}`;
