import { BackfillError } from '../../src/domain/errors.js';
import { catalog } from '../support/ports.js';
import type { TappedStatement } from './sql-tap.js';

// Identifiers and values the catalog puts into SQL itself: a typed word equal to one of these (a
// table name, a dataset) may appear in the SQL text because the catalog put it there.
const CATALOG_TEXT = JSON.stringify(catalog).toLowerCase();
const PLAIN_WORD = /^[A-Za-z_][A-Za-z0-9_]*$/;
// SQL built from the catalog is ASCII; anything else in it came from somewhere else.
const SQL_CHARACTERS = /^[\t\n\r\x20-\x7e]*$/;

/**
 * The spellings of a typed word a parser or a builder might pass on: trimmed, case-folded, hyphens
 * made ASCII, and escaped as a SQL literal or identifier would escape it (a builder that inlines a
 * value correctly escaped still inlines it).
 */
const spellings = (word: string) => {
  const ascii = word.replace(/[\u2010\u2011]/g, '-').trim();
  const forms = [word, ascii, ascii.toLowerCase(), ascii.toUpperCase()];
  const escaped = forms.flatMap((w) => [
    w.replace(/'/g, "''"),
    w.replace(/(['\\])/g, '\\$1'),
    w.replace(/"/g, '""'),
    w.replace(/`/g, '\\`'),
  ]);
  return [...new Set([...forms, ...escaped])].filter((w) => w.length >= 3);
};

/**
 * Whether a typed word is distinctive enough that finding it in SQL text means the input reached
 * the SQL: not a short plain word (it could be a keyword or column by chance), and not part of the
 * catalog (whose names the builders put into SQL).
 */
const checkable = (word: string) =>
  word.length >= 3 &&
  !(PLAIN_WORD.test(word) && word.length < 10) &&
  !CATALOG_TEXT.includes(word.toLowerCase());

/** Throws when a statement's SQL text holds a typed word, or characters no catalog SQL has. */
export function expectWordsOnlyAsParameters(statements: TappedStatement[], words: string[]): void {
  const typed = words
    .flatMap((w) => w.split(/\s+/u))
    .filter(checkable)
    .flatMap(spellings);
  for (const { sql } of statements) {
    if (!SQL_CHARACTERS.test(sql)) {
      throw new Error(`SQL text holds characters no catalog SQL has:\n${sql.slice(0, 2000)}`);
    }
    const found = typed.find((w) => sql.includes(w));
    if (found !== undefined) {
      throw new Error(
        `typed input ${JSON.stringify(found.slice(0, 200))} reached the SQL text:\n${sql.slice(0, 2000)}`,
      );
    }
  }
}

// What shows that code failed: never shown to anyone without --debug.
const CRASH_SIGNS: [RegExp, string][] = [
  [/node_modules/, 'a module path'],
  [/\.(?:ts|js|mjs|cjs):\d+/, 'a source location'],
  [/\n\s+at \S/, 'a stack frame'],
  [/\bat (?:async )?[\w.<>]+ \((?:file:|node:|\/)/, 'a stack frame'],
  [/\b(?:TypeError|ReferenceError|RangeError|SyntaxError|AggregateError)\b/, 'a JavaScript error name'],
  [/internal error, ref/, 'an internal error'],
];
// What only someone on the bot's machine may read (the CLI's infrastructure errors): our files and
// a vendor's own words.
const SERVER_DETAILS: [RegExp, string][] = [
  [/\.duckdb\b/, 'a DuckDB file name'],
  [
    /\b(?:Binder|Conversion|Parser|Catalog|IO|Invalid Input|Out of Range|Constraint|Transaction|INTERNAL) Error\b/,
    'a DuckDB error',
  ],
];

/**
 * What a reader must not see in `text`: a sign of a crash, and unless `server` (the reader is on the
 * bot's machine) our file paths and a vendor's raw error. Null when there is none.
 */
export function leaksIn(text: string, paths: string[], options: { server?: boolean } = {}): string | null {
  if (!options.server) {
    for (const path of paths) if (text.includes(path)) return `the path ${path}`;
    for (const [pattern, what] of SERVER_DETAILS) if (pattern.test(text)) return what;
  }
  for (const [pattern, what] of CRASH_SIGNS) if (pattern.test(text)) return what;
  return null;
}

export function expectNoLeak(
  text: string,
  paths: string[],
  context: string,
  options: { server?: boolean } = {},
): void {
  const leak = leaksIn(text, paths, options);
  if (leak) throw new Error(`${context} shows ${leak}:\n${text.slice(0, 3000)}`);
}

/**
 * A failure from typed words is one of ours (never a TypeError and the like), and when the input
 * was wrong it says what is accepted.
 */
export function expectOurError(error: unknown, context: string): BackfillError {
  if (!(error instanceof BackfillError)) {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    throw new Error(`${context} threw something not ours:\n${detail}`);
  }
  if ((error.code === 'BAD_INPUT' || error.code === 'NOT_FOUND') && !error.hint?.trim()) {
    throw new Error(
      `${context} was refused without saying what is accepted: ${error.code} "${error.message.slice(0, 300)}"`,
    );
  }
  return error;
}
