import { BadInputError } from '../errors.js';

/** Slack's chat.update budget and the warehouse's cost: a watch is redrawn at most this often. */
export const MIN_EVERY_SECONDS = 30;
export const MAX_EVERY_SECONDS = 6 * 3600;
export const DEFAULT_EVERY_SECONDS = 5 * 60;

const UNITS: Record<string, number> = { s: 1, sec: 1, m: 60, min: 60, h: 3600 };
const ACCEPTED = 'every 30s to every 6h, in s, m or h: every 30s, every 5m, every 1h';

/** "every 5m" as seconds: 30 s to 6 h, whole numbers of s, m or h. Refuses anything else, saying what is accepted. */
export function parseEvery(word: string | undefined): number {
  const match = /^(\d{1,5})(s|sec|m|min|h)$/.exec(word?.toLowerCase() ?? '');
  if (!match) {
    throw new BadInputError(
      word === undefined ? 'every needs a time, e.g. every 5m' : `every takes a time like 5m, not "${word}"`,
      `Accepted: ${ACCEPTED}.`,
    );
  }
  const seconds = Number(match[1]) * (UNITS[match[2] ?? ''] ?? 1);
  if (seconds < MIN_EVERY_SECONDS) {
    throw new BadInputError(
      `A watch updates at most every ${MIN_EVERY_SECONDS} s, not every ${word}`,
      `Accepted: ${ACCEPTED}.`,
    );
  }
  if (seconds > MAX_EVERY_SECONDS) {
    throw new BadInputError(
      `A watch updates at least every 6 h, not every ${word}`,
      `Accepted: ${ACCEPTED}.`,
    );
  }
  return seconds;
}

/** Seconds as the grammar writes them: 30s, 90s, 5m, 1h, 90m. */
export function formatEvery(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}
