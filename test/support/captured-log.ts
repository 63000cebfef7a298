import { createLogger } from '../../src/log/create-logger.js';
import type { Logger, LogLevel } from '../../src/log/logger.js';

// Slack token prefixes (bot, app-level, user, refresh, configuration): none may reach a log, even
// one the test did not hand out itself (a stand-in's generated token).
const TOKEN_SHAPE = /\bxox[abpre]-[A-Za-z0-9-]+|\bxapp-[A-Za-z0-9-]+/;

export interface CapturedLog {
  logger: Logger;
  /** Everything written, as written. */
  raw(): string;
  /** The lines written, parsed (a line that is not JSON throws). */
  lines(): Record<string, unknown>[];
  /** Throws naming what leaked when a secret, or any Slack token, is in the log. */
  expectNoSecrets(secrets: readonly string[]): void;
}

/**
 * A logger that keeps its lines in memory (at `level`, default info, so most of what a run says is
 * looked at), for the runs of the whole bot whose logs would otherwise go to stdout unread.
 */
export function captureLog(level: LogLevel = 'info'): CapturedLog {
  let raw = '';
  const logger = createLogger({
    level,
    destination: {
      write: (text: string) => {
        raw += text;
      },
    },
  });
  return {
    logger,
    raw: () => raw,
    lines: () =>
      raw
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    expectNoSecrets(secrets) {
      const leaked = secrets.filter((secret) => secret.length > 0 && raw.includes(secret)).length;
      if (leaked) throw new Error(`the bot logged ${leaked === 1 ? 'a secret' : `${leaked} secrets`}`);
      const token = TOKEN_SHAPE.exec(raw);
      if (token) throw new Error(`the bot logged a Slack token (${token[0].slice(0, 5)}…)`);
    },
  };
}
