import type { Logger } from './logger.js';
import { noteFailure, requestFields } from './request-scope.js';

/**
 * The `log: (line) => void` that describeError and the Slack listeners take, on the Logger: each line
 * is an error (they log only failures nobody foresaw, with a ref), tagged with the request it
 * happened in, whose outcome becomes INTERNAL.
 */
export function errorLineSink(logger: Logger): (line: string) => void {
  return (line) => {
    noteFailure('INTERNAL');
    logger.error(requestFields(), line);
  };
}
