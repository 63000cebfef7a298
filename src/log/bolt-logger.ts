import { format } from 'node:util';
import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from './logger.js';

const RANK: Record<LogLevel, number> = {
  [LogLevel.DEBUG]: 0,
  [LogLevel.INFO]: 1,
  [LogLevel.WARN]: 2,
  [LogLevel.ERROR]: 3,
};

/**
 * Bolt's (and its Web API client's) logger interface on our Logger, so what Slack's libraries say
 * (a refused signature, a failed call) is a JSON line like every other, not console text.
 */
export function boltLogger(logger: Logger, initial: LogLevel = LogLevel.WARN): BoltLogger {
  let level = initial;
  const at =
    (method: 'debug' | 'info' | 'warn' | 'error', rank: LogLevel) =>
    (...parts: unknown[]) => {
      if (RANK[rank] >= RANK[level]) logger[method]({}, format(...parts));
    };
  return {
    debug: at('debug', LogLevel.DEBUG),
    info: at('info', LogLevel.INFO),
    warn: at('warn', LogLevel.WARN),
    error: at('error', LogLevel.ERROR),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    // Bolt names its logger "bolt-app"; the child's bindings already say where a line comes from.
    setName: () => {},
  };
}
