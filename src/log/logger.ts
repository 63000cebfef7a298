/** Fields on a log line: JSON values. Never put a token or secret here (they are redacted anyway). */
export type LogFields = Record<string, unknown>;

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * The logging port, in our own small types: every line is a message plus fields. Adapters:
 * createLogger (pino: JSON lines for Cloud Logging, readable lines on a terminal) and lineLogger
 * (the CLI's stderr, for people).
 */
export interface Logger {
  debug(fields: LogFields, message: string): void;
  info(fields: LogFields, message: string): void;
  warn(fields: LogFields, message: string): void;
  error(fields: LogFields, message: string): void;
  /** A logger whose every line also carries `bindings`, e.g. { component: 'bolt' }. */
  child(bindings: LogFields): Logger;
}
