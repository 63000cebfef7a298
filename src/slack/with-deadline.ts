import { BackfillError } from '../domain/errors.js';

/**
 * Races work against a deadline so a hung warehouse never leaves a user without an answer. The
 * late outcome is dropped on purpose (and its rejection handled, so it cannot go unhandled).
 */
export function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const message = `${what} did not answer within ${ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`}`;
      const hint = 'Try a narrower range, or again in a minute.';
      // Our own words, with nothing of the server's in them: a Slack user reads them as they are.
      reject(new BackfillError('WAREHOUSE_TIMEOUT', message, hint, { plain: { message, hint } }));
    }, ms);
  });
  work.catch(() => {});
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
