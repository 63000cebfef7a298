import type { DateRun } from './compact-dates.js';

// The neutral message model every command returns. Renderers (CLI text, Slack Block Kit, the
// stand-in page) know their own limits; nothing here knows Slack.

export type Tone = 'good' | 'warn' | 'bad' | 'neutral';

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

/** A follow-up the reader can take: the same grammar a user would type after `/backfill`. */
export interface Action {
  label: string;
  command: string;
  style?: 'primary' | 'danger';
  /** What pressing it means beyond running `command` (e.g. casting a gate vote); fronts route on it. */
  intent?: 'gate:approve' | 'gate:reject';
}

export type Block =
  | { kind: 'header'; text: string }
  | { kind: 'text'; text: string; tone?: Tone }
  | { kind: 'facts'; facts: { label: string; value: string }[] }
  | { kind: 'bars'; title?: string; bars: Bar[] }
  | { kind: 'dates'; label: string; runs: DateRun[]; total: number }
  | { kind: 'table'; columns: string[]; rows: string[][] }
  | { kind: 'divider' }
  | { kind: 'context'; text: string }
  | { kind: 'actions'; actions: Action[] };

export interface Message {
  /** One line that stands for the whole message (notification text, CLI first line). */
  summary: string;
  tone: Tone;
  blocks: Block[];
}

/** What a command returns: the stable JSON shape (`--json`) and the message to render. */
export interface CommandResult<T = unknown> {
  data: T;
  message: Message;
}

/** "1 date", "2 dates": counts in message text read as English. */
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
