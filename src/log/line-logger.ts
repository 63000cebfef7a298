import type { LogFields, Logger } from './logger.js';
import { scrubText } from './scrub-secrets.js';

/**
 * The Logger port for people at a terminal (the CLI's stderr, beside answers on stdout): the message,
 * then any fields as key=value. No severity, no time: a person reads it right away.
 */
export function lineLogger(stream: { write(text: string): unknown }, bindings: LogFields = {}): Logger {
  const write = (fields: LogFields, message: string) => {
    const pairs = Object.entries({ ...bindings, ...fields }).map(([k, v]) => ` ${k}=${JSON.stringify(v)}`);
    stream.write(`${scrubText(message + pairs.join(''))}\n`);
  };
  return {
    debug: () => {},
    info: write,
    warn: write,
    error: write,
    child: (more) => lineLogger(stream, { ...bindings, ...more }),
  };
}
