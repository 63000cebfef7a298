import type { CatalogSeason } from '../config/catalog-schema.js';
import { addDays, type DateRange, type IsoDate, isIsoDate, rangeDays } from './dates.js';
import { BadInputError } from './errors.js';
import { currentSeason, findSeason } from './seasons.js';

// The one range grammar: the CLI and every Slack command parse ranges here, so they cannot drift.

export interface RangeContext {
  today: IsoDate;
  seasons: CatalogSeason[];
  maxRangeDays: number;
}

export interface NamedRange extends DateRange {
  /** How the user asked for it, for headers: `season 2023-24`, `last 7d`, `yesterday (2026-11-22)`. */
  label: string;
}

export interface ParsedRange {
  range: NamedRange;
  /** The tokens after the range (trimmed, empty ones dropped), e.g. a phase or table filter. */
  rest: string[];
}

export const RANGE_FORMS =
  'a season (2023-24), current, all, a date (2024-11-08), two dates or seasons (2024-11-08..2024-11-14, ' +
  '2024-11-08 2024-11-14, 2022-23..2023-24), today, yesterday, last Nd (last 7d, last-30d); ' +
  'no range means current';

const SEASON_ID = /^\d{4}-\d{2}$/;
const YMD_SHAPE = /^\d{4}-\d{2}-\d{2}$/;
// Anything shaped like a date or a season is a range attempt: a typo there must fail loudly
// rather than fall through as a filter and silently widen the range to the current season.
const DATE_ATTEMPT = /^\d{4}[-/]\d|^\d{8}$/;
const LAST_ONE_TOKEN = /^(?:last-?(\d+)(?:d|days?)?|(\d+)(?:d|days?))$/i;
const LAST_COUNT = /^(\d+)(d|days?)?$/i;

interface Endpoint extends DateRange {
  text: string;
  season: boolean;
}

function quote(token: string): string {
  return JSON.stringify(token.length > 40 ? `${token.slice(0, 40)}…` : token);
}

// The problem is the message; the accepted forms are the hint, so fronts can show the two apart.
function bad(problem: string): BadInputError {
  return new BadInputError(problem, `Accepted ranges: ${RANGE_FORMS}`);
}

function endpoint(token: string, seasons: CatalogSeason[]): Endpoint {
  if (isIsoDate(token)) return { start: token, end: token, text: token, season: false };
  if (SEASON_ID.test(token)) {
    const season = findSeason(seasons, token);
    if (!season) {
      const known = seasons.map((s) => s.id).join(', ') || 'none';
      throw bad(`unknown season ${token} (the catalog has ${known})`);
    }
    return { start: season.start, end: season.end, text: token, season: true };
  }
  if (YMD_SHAPE.test(token)) throw bad(`${token} is not a real calendar date`);
  throw bad(`${quote(token)} is not a date (YYYY-MM-DD) or a season id`);
}

function span(a: Endpoint, b: Endpoint): NamedRange {
  if (a.start > b.end) throw bad(`the start ${a.start} is after the end ${b.end}`);
  if (a.season && b.season) {
    return {
      start: a.start,
      end: b.end,
      label: a.text === b.text ? `season ${a.text}` : `seasons ${a.text}..${b.text}`,
    };
  }
  return { start: a.start, end: b.end, label: `${a.text}..${b.text}` };
}

function single(a: Endpoint): NamedRange {
  return { start: a.start, end: a.end, label: a.season ? `season ${a.text}` : a.text };
}

function lastDays(digits: string, ctx: RangeContext): NamedRange {
  const days = Number(digits);
  if (!(days >= 1 && days <= ctx.maxRangeDays)) {
    throw bad(
      `last ${digits.length > 12 ? `${digits.slice(0, 12)}…` : digits}d: the number of days must be 1 to ${ctx.maxRangeDays}`,
    );
  }
  return { start: addDays(ctx.today, -(days - 1)), end: ctx.today, label: `last ${days}d` };
}

function current(ctx: RangeContext): NamedRange {
  const season = currentSeason(ctx.seasons, ctx.today);
  if (!season) {
    const first = ctx.seasons[0];
    throw bad(
      first
        ? `there is no current season: today (${ctx.today}) is before the first season (${first.id} starts ${first.start})`
        : 'there is no current season: the catalog has no seasons',
    );
  }
  const ended = season.end < ctx.today ? ` (ended ${season.end})` : '';
  return { start: season.start, end: season.end, label: `current season ${season.id}${ended}` };
}

function all(ctx: RangeContext): NamedRange {
  if (ctx.seasons.length === 0) throw bad('"all" needs seasons, and the catalog has none');
  const starts = ctx.seasons.map((s) => s.start).sort();
  const ends = ctx.seasons.map((s) => s.end).sort();
  const start = starts[0] ?? '';
  const last = ends[ends.length - 1] ?? '';
  if (ctx.today < start) {
    throw bad(`"all" has nothing yet: today (${ctx.today}) is before the first season starts (${start})`);
  }
  // A season that has not ended yet (or not started) has no data past today to look at.
  if (last <= ctx.today) return { start, end: last, label: 'all seasons' };
  return { start, end: ctx.today, label: `all seasons to today (${ctx.today})` };
}

function within(range: NamedRange, ctx: RangeContext): NamedRange {
  const days = rangeDays(range);
  if (days > ctx.maxRangeDays) {
    throw bad(
      `${range.start}..${range.end} is ${days} days; the longest accepted range is ${ctx.maxRangeDays} days`,
    );
  }
  return range;
}

function looksLikeDate(token: string): boolean {
  return DATE_ATTEMPT.test(token);
}

function match(words: string[], ctx: RangeContext): { used: number; range: NamedRange } {
  const [first, second, third] = words;
  if (first === undefined) return { used: 0, range: current(ctx) };
  if (first.includes('..')) {
    const parts = first.split('..');
    const [a, b] = parts;
    if (parts.length !== 2 || !a || !b) throw bad(`${quote(first)} needs one start and one end around ..`);
    return { used: 1, range: span(endpoint(a, ctx.seasons), endpoint(b, ctx.seasons)) };
  }
  if (looksLikeDate(first)) {
    const a = endpoint(first, ctx.seasons);
    if (second === '..' || second?.toLowerCase() === 'to') {
      if (third === undefined) throw bad(`${first} ${second} needs an end`);
      return { used: 3, range: span(a, endpoint(third, ctx.seasons)) };
    }
    if (second !== undefined && looksLikeDate(second))
      return { used: 2, range: span(a, endpoint(second, ctx.seasons)) };
    return { used: 1, range: single(a) };
  }
  const word = first.toLowerCase();
  if (word === 'today') {
    return { used: 1, range: { start: ctx.today, end: ctx.today, label: `today (${ctx.today})` } };
  }
  if (word === 'yesterday') {
    const day = addDays(ctx.today, -1);
    return { used: 1, range: { start: day, end: day, label: `yesterday (${day})` } };
  }
  if (word === 'current') return { used: 1, range: current(ctx) };
  if (word === 'all') return { used: 1, range: all(ctx) };
  const lastOne = LAST_ONE_TOKEN.exec(first);
  if (lastOne) return { used: 1, range: lastDays(lastOne[1] ?? lastOne[2] ?? '', ctx) };
  if (word === 'last') {
    const count = second === undefined ? null : LAST_COUNT.exec(second);
    if (!count?.[1]) throw bad('"last" needs a number of days after it, like last 7d');
    // `last 7 days` reads naturally in Slack; the trailing unit word belongs to the range.
    const unitWord = !count[2] && /^days?$/i.test(third ?? '');
    return { used: unitWord ? 3 : 2, range: lastDays(count[1], ctx) };
  }
  if (word.startsWith('last-')) throw bad(`${quote(first)} is not a last-Nd range`);
  return { used: 0, range: current(ctx) };
}

/**
 * Dates copied from a chat answer may carry the non-breaking hyphens (U+2011, or U+2010) that keep
 * them whole on a wrapped line: they read as the ASCII hyphen.
 */
const asciiHyphens = (token: string): string => token.replace(/[\u2010\u2011]/g, '-').trim();

/** The range at the start of `tokens` and what follows it; no range tokens means the current season. */
export function parseRange(tokens: string[], ctx: RangeContext): ParsedRange {
  const words = tokens.map(asciiHyphens).filter((t) => t !== '');
  const { used, range } = match(words, ctx);
  const rest = words.slice(used);
  const next = rest[0];
  if (used > 0 && next !== undefined && (looksLikeDate(next) || next.includes('..'))) {
    throw bad(`${quote(next)} follows a complete range; give at most two dates`);
  }
  return { range: within(range, ctx), rest };
}

/** A single date argument (e.g. `plan <start> <end>`); `what` names it in the message. */
export function parseDate(token: string, what: string): IsoDate {
  const text = asciiHyphens(token);
  if (isIsoDate(text)) return text;
  if (YMD_SHAPE.test(text)) throw new BadInputError(`${what} ${text} is not a real calendar date`);
  throw new BadInputError(`${what} must be a date as YYYY-MM-DD, got ${quote(text)}`);
}
